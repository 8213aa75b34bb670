"""The response cache keys each page and embed by the parameters it reads: a parameter nobody
reads (`?utm=...`) neither adds a cache entry nor changes the answer."""
import pytest
from django.core.cache import cache
from django.test import Client


def entries():
    """How many entries the response cache holds: local memory's dict, or Redis's keys."""
    store = cache._cache
    if isinstance(store, dict):
        return len(store)
    return len(store.get_client(None, write=False).keys(cache.make_key("*")))


@pytest.mark.parametrize(
    "path",
    ["/assistants/chatgpt/", "/compare/?assistants=chatgpt,claude", "/embed/alternatives/?to=chatgpt", "/methodology/"],
)
def test_unread_parameters_add_no_cache_entry(catalog, path):
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    after_first = entries()
    joiner = "&" if "?" in path else "?"
    answers = [client.get(f"{path}{joiner}utm_source=campaign-{n}") for n in range(20)]
    assert {answer.status_code for answer in answers} == {200}
    assert entries() == after_first
    # The same page, without the parameter it does not read in its links.
    assert all(answer.content == first.content for answer in answers)
    assert b"utm_source" not in answers[-1].content


def test_a_parameter_a_page_reads_still_keys_its_answer(catalog):
    client = Client()
    privacy = client.get("/compare/?assistants=chatgpt,claude&categories=privacy")
    everything = client.get("/compare/?assistants=chatgpt,claude")
    assert privacy.content != everything.content
    again = client.get("/compare/?assistants=chatgpt,claude&categories=privacy&utm=x")
    assert again.content == privacy.content


def test_the_language_switcher_keeps_the_options_the_page_reads(catalog):
    html = Client().get("/compare/?assistants=chatgpt,claude&utm=x").content.decode()
    assert "/fr/compare/?assistants=chatgpt%2Cclaude" in html or "/fr/compare/?assistants=chatgpt,claude" in html
    assert "utm=x" not in html
