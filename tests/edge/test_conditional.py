"""Revision-keyed ETags and response caching: unchanged catalog, no work; any write, fresh data."""
from django.http import HttpResponse
from django.test import RequestFactory

from catalog import revision
from edge.conditional import cached, conditional
from tests.support import WARM_REVISION_QUERIES

calls = []


@cached
@conditional("page")
def counting_view(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"rendered {len(calls)}")


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


def test_if_none_match_gets_304_without_rendering(db):
    calls.clear()
    etag = get()["ETag"]
    response = get(HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(calls) == 1
