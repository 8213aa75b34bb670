"""Conditional requests and caching: ETag/Last-Modified from the catalog revision, 304s,
public Cache-Control, one query for a repeat read, and nothing stale after a write."""

import pytest
from api.throttling import AnonymousRateThrottle

from catalog import revision
from catalog.models import Assistant
from tests.support import WARM_REVISION_QUERIES
from tests.support.api import API, api, editor_api, errors_of  # noqa: F401 (fixtures)

READS = [
    "/assistants/",
    "/assistants/chatgpt/",
    "/assistants/chatgpt/alternatives/",
    "/compare/?assistants=chatgpt,claude",
    "/vendors/",
    "/criteria/",
    "/sources/",
    "/deprecations/",
    "/political-ties/",
    "/assessments/",
    "/campaigns/",
]


@pytest.mark.parametrize("path", READS)
def test_reads_answer_if_none_match_with_304(api, path):
    first = api.get(API + path)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    again = api.get(API + path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", READS)
def test_public_reads_may_be_kept_by_shared_caches_and_set_no_cookie(api, path):
    response = api.get(API + path)
    cache_control = response["Cache-Control"]
    assert (
        "public" in cache_control and "max-age=" in cache_control and "s-maxage=" in cache_control
    )
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept", "Accept-Language", "Authorization"} <= vary
    assert not response.cookies


def test_if_modified_since_gets_304(api):
    first = api.get(f"{API}/assistants/")
    assert (
        api.get(f"{API}/assistants/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )


def test_json_csv_and_each_language_have_their_own_etag(api):
    tags = {
        api.get(f"{API}/assistants/")["ETag"],
        api.get(f"{API}/assistants/", {"format": "csv"})["ETag"],
        api.get(f"{API}/assistants/", HTTP_ACCEPT="text/csv")["ETag"],
        api.get(f"{API}/assistants/", HTTP_ACCEPT_LANGUAGE="fr")["ETag"],
        api.get(f"{API}/assistants/", HTTP_ACCEPT_LANGUAGE="uk")["ETag"],
    }
    assert len(tags) == 4  # ?format=csv and Accept: text/csv are the same representation
    json_tag = api.get(f"{API}/assistants/")["ETag"]
    assert (
        api.get(f"{API}/assistants/", {"format": "csv"}, HTTP_IF_NONE_MATCH=json_tag).status_code
        == 200
    )


def test_editors_get_their_own_etag_and_a_private_response(api, editor_api):
    public = api.get(f"{API}/assessments/")
    private = editor_api.get(f"{API}/assessments/")
    assert public["ETag"] != private["ETag"]
    assert "private" in private["Cache-Control"] and "public" not in private["Cache-Control"]


def test_a_write_changes_the_etag_and_the_data(api):
    first = api.get(f"{API}/assistants/", {"ordering": "name"})
    alpine = Assistant.objects.get(slug="alpine")
    alpine.name = "Alpine (renamed in a test)"
    alpine.save()  # every editorial save bumps the catalog revision
    second = api.get(f"{API}/assistants/", {"ordering": "name"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "Alpine (renamed in a test)" in {row["name"] for row in second.json()["results"]}


@pytest.mark.parametrize(
    "path",
    [
        "/assistants/",
        "/assistants/chatgpt/",
        "/compare/?assistants=chatgpt,claude,lumo",
        "/assistants/chatgpt/alternatives/",
    ],
)
def test_a_repeat_anonymous_read_costs_one_query(api, path, django_assert_num_queries):
    first = api.get(API + path)
    with django_assert_num_queries(WARM_REVISION_QUERIES):  # the revision, if not cached
        second = api.get(API + path)
    assert second.json() == first.json()


def test_a_repeat_csv_export_costs_one_query(api, django_assert_num_queries):
    first = api.get(f"{API}/assistants/", {"format": "csv"})
    with django_assert_num_queries(WARM_REVISION_QUERIES):
        second = api.get(f"{API}/assistants/", {"format": "csv"})
    assert second.content == first.content


def test_a_revision_bump_invalidates_the_cache(api):
    api.get(f"{API}/assistants/")
    Assistant.objects.filter(slug="alpine").update(name="Changed behind the cache")
    revision.bump()
    names = {row["name"] for row in api.get(f"{API}/assistants/").json()["results"]}
    assert "Changed behind the cache" in names


def test_errors_are_never_cached_and_carry_no_etag(api):
    response = api.get(f"{API}/assistants/", {"min_privacy": 500})
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert api.get(f"{API}/assistants/", {"min_privacy": 500}).status_code == 400


def test_anonymous_reads_are_throttled_with_the_error_shape(api, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    for _ in range(3):
        assert api.get(f"{API}/vendors/").status_code == 200
    response = api.get(f"{API}/vendors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert errors_of(response)[None]["code"] == "throttled"


@pytest.mark.parametrize(
    "path",
    [
        "/sources/openai-help-data-controls-faq/",
        "/deprecations/gpt-4o-chatgpt-retired-2025-08/",
        "/political-ties/brockman-maga-inc-2025/",
    ],
)
def test_editable_records_carry_their_own_etag_and_answer_304(api, path):
    first = api.get(API + path)
    assert first.status_code == 200
    assert not first["ETag"].startswith('"r')  # the record's version, not the catalog's
    assert api.get(API + path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    revision.bump()  # another record changed: this one did not, nor did its ETag
    assert api.get(API + path)["ETag"] == first["ETag"]
