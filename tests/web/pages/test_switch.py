"""The switching page: a way in from the home page, a plan per assistant in four languages,
the weights form, unknowns said as unknown."""
import re

import pytest

pytestmark = pytest.mark.usefixtures("catalog")


def text(response):
    return response.content.decode()


def alternative_slugs(html):
    return re.findall(r'<li class="alternative" data-assistant="([a-z0-9-]+)"', html)


def test_the_home_page_and_the_navigation_lead_to_the_switching_plan(client):
    html = text(client.get("/"))
    assert "Leaving an assistant?" in html
    assert 'action="/switch/"' in html and 'name="assistant"' in html
    assert '<a href="/switch/"' in html
    picked = client.get("/switch/", {"assistant": "chatgpt"})
    assert picked.status_code == 302 and picked["Location"] == "/switch/chatgpt/"
    assert client.get("/fr/switch/", {"assistant": "claude"})["Location"] == "/fr/switch/claude/"


def test_the_switch_index_links_every_assistant(client):
    html = text(client.get("/switch/"))
    for slug in ("chatgpt", "claude", "lumo", "confer"):
        assert f'href="/switch/{slug}/"' in html


def test_picking_an_unknown_assistant_is_a_404_naming_the_parameter(client):
    response = client.get("/switch/", {"assistant": "nope"})
    assert response.status_code == 404 and "assistant" in text(response)


def test_the_chatgpt_plan_has_reasons_alternatives_and_steps_with_sources(client):
    html = text(client.get("/switch/chatgpt/"))
    assert "Why people leave ChatGPT" in html
    assert alternative_slugs(html) and "chatgpt" not in alternative_slugs(html)
    assert "Does better on" in html
    assert "Settings &gt; Data controls" in html or "Data controls" in html
    assert "conversations.json" in html
    assert "Azure OpenAI" in html and 'datetime="2026-10-01"' in html
    assert "date not yet published in the retirement ledger" in html  # the API's 2027-01-14
    assert html.count('class="sources"') > 5


def test_the_weights_form_reranks_the_alternatives(client):
    default = alternative_slugs(text(client.get("/switch/chatgpt/")))
    privacy_only = alternative_slugs(
        text(client.get("/switch/chatgpt/", {"weight_privacy": 1, "weight_political_ties": 0,
                                             "weight_safety": 0, "weight_deprecation": 0}))
    )
    assert privacy_only and set(privacy_only) <= set(default) | set(privacy_only)
    html = text(client.get("/switch/chatgpt/?weights=privacy:3,safety:1"))
    assert 'name="weight_privacy"' in html and 'value="3"' in html


def test_bad_weights_get_a_400_naming_them(client):
    response = client.get("/switch/chatgpt/", {"weight_privacy": -1})
    assert response.status_code == 400 and "weight_privacy" in text(response)


def test_an_unknown_leaving_step_says_so(client):
    html = text(client.get("/switch/lumo/"))
    assert "no source found." in html


def test_an_unknown_assistant_is_a_404(client):
    assert client.get("/switch/nobody/").status_code == 404


@pytest.mark.parametrize(
    "language,phrase",
    [("fr", "Quitter ChatGPT"), ("ar", "مغادرة ChatGPT"), ("uk", "Як піти з ChatGPT")],
)
def test_the_plan_speaks_every_language(client, language, phrase):
    response = client.get(f"/{language}/switch/chatgpt/")
    assert response.status_code == 200
    assert phrase in text(response)


def test_the_plan_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for slug in ("chatgpt", "lumo"):
        with django_assert_max_num_queries(14):
            body = client.get(f"/switch/{slug}/").content
        assert body
