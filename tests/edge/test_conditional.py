"""Revision-keyed ETags and the response cache (edge.conditional): unchanged catalog, no work; any
write, fresh data. On a bare view, then through the API, whose repeat anonymous reads it answers
conditionally and still counted by the rate limit."""
from django.http import HttpResponse
from django.test import RequestFactory

from api.throttling import AnonymousRateThrottle
from catalog import revision
from edge.conditional import cached, conditional
from tests.support import WARM_REVISION_QUERIES
from tests.support.api import API, api, editor_api  # noqa: F401 (fixtures)

calls = []


@cached
@conditional("page")
def counting_view(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"rendered {len(calls)} for a={request.GET.get('a')}")


def get(path="/thing/?a=1", **headers):
    return counting_view(RequestFactory().get(path, **headers))


def test_second_request_is_served_from_cache_with_one_query(db, django_assert_num_queries):
    calls.clear()
    first = get()
    with django_assert_num_queries(WARM_REVISION_QUERIES):  # the revision, nothing else
        second = get()
    assert second.content == first.content
    assert len(calls) == 1


def test_a_write_bumps_the_revision_and_the_next_request_is_fresh(db):
    calls.clear()
    first = get()
    revision.bump()
    second = get()
    assert len(calls) == 2
    assert second["ETag"] != first["ETag"]


def test_different_urls_and_authenticated_requests_are_not_shared(db):
    calls.clear()
    get("/thing/?a=1")
    get("/thing/?a=2")
    get("/thing/?a=1", HTTP_AUTHORIZATION="Token abc")
    assert len(calls) == 3


def test_parameters_the_view_does_not_read_share_its_answer(db):
    calls.clear()
    first = get("/thing/?a=1")
    again = get("/thing/?a=1&utm_source=x")
    assert len(calls) == 1 and again.content == first.content


def test_if_none_match_gets_304_without_rendering(db):
    calls.clear()
    etag = get()["ETag"]
    response = get(HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(calls) == 1


def test_a_repeat_read_is_the_same_bytes_without_running_the_view(api, catalog, django_assert_num_queries):
    first = api.get(f"{API}/assistants/?ordering=name")
    with django_assert_num_queries(WARM_REVISION_QUERIES):
        second = api.get(f"{API}/assistants/?ordering=name")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and "public" in second["Cache-Control"]


def test_a_cached_answer_still_honours_if_none_match(api, catalog):
    etag = api.get(f"{API}/criteria/")["ETag"]
    api.get(f"{API}/criteria/")  # now stored
    response = api.get(f"{API}/criteria/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_json_and_csv_of_one_address_are_stored_apart(api, catalog):
    json_body = api.get(f"{API}/vendors/").content
    csv_body = api.get(f"{API}/vendors/", {"format": "csv"}).content
    assert api.get(f"{API}/vendors/").content == json_body
    assert api.get(f"{API}/vendors/", {"format": "csv"}).content == csv_body != json_body


def test_cached_answers_still_count_against_the_rate_limit(api, catalog, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "rate", "3/min", raising=False)
    statuses = [api.get(f"{API}/criteria/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_write_means_the_next_read_is_fresh(api, catalog):
    first = api.get(f"{API}/vendors/")
    revision.bump()
    second = api.get(f"{API}/vendors/")
    assert second["ETag"] != first["ETag"]


def test_editors_are_never_served_the_public_copy(api, editor_api, catalog):
    public = api.get(f"{API}/assessments/?page_size=100")
    editor = editor_api.get(f"{API}/assessments/?page_size=100")
    assert "private" in editor["Cache-Control"]
    assert editor["ETag"] != public["ETag"]


def test_revalidating_a_stored_response_answers_304_with_its_validators(api, catalog):
    first = api.get(f"{API}/vendors/")
    response = api.get(f"{API}/vendors/", HTTP_IF_NONE_MATCH=f'W/"other", {first["ETag"]}')
    assert response.status_code == 304
    for header in ("ETag", "Last-Modified", "Cache-Control"):
        assert response[header] == first[header], header
    assert {"Accept", "Accept-Language", "Authorization"} <= set(response["Vary"].split(", "))
    assert api.get(f"{API}/vendors/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_each_process_keeps_what_it_fetched_from_the_shared_cache(
    api, catalog, settings, django_assert_num_queries
):
    """Keys name the revision, so a process may answer from its own copy, without a round trip
    to Redis, for as long as the revision stands; a bump moves every key."""
    from django.core.cache import cache, caches

    settings.CACHES = {
        **settings.CACHES,
        "process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-process"},
    }
    first = api.get(f"{API}/vendors/")
    cache.clear()  # the shared cache loses everything: this process still has its copy
    with django_assert_num_queries(0):  # the view did not run again
        with_copy = api.get(f"{API}/vendors/", HTTP_IF_NONE_MATCH=first["ETag"])
        again = api.get(f"{API}/vendors/")
    assert with_copy.status_code == 304
    assert again.content == first.content
    revision.bump()
    assert api.get(f"{API}/vendors/")["ETag"] != first["ETag"]
    caches["process"].clear()
