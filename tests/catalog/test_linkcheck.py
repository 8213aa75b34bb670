"""The source link checker: real HTTP to a local server, redirects, fallbacks, timeouts."""
import datetime
import socket

import pytest
from django.utils import timezone

from catalog import revision
from catalog.ingest import linkcheck
from catalog.models import Source
from catalog.ingest.tasks import check_source_links
from tests.support.jobs import receiver  # noqa: F401


@pytest.fixture
def local(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.LINK_CHECK_TIMEOUT_SECONDS = 1


def source(url, key="checked-source", **fields):
    return Source.objects.create(key=key, title="A page", publisher="Someone", url=url, **fields)


def test_a_redirect_is_followed_and_the_final_address_kept(db, local, receiver):
    server = receiver(pages={"/old": (301, {"Location": "/new"}, b""), "/new": (200, {}, b"ok")})
    checked = source(server.url("/old"))
    assert linkcheck.check_source(checked.id) == 200
    checked.refresh_from_db()
    assert (checked.link_status, checked.link_final_url) == (200, server.url("/new"))
    assert checked.link_checked_at is not None
    assert [r.path for r in server.requests] == ["/old", "/new"]


def test_a_missing_page_is_recorded_as_404(db, local, receiver):
    server = receiver(pages={"/gone": (404, {}, b"")})
    checked = source(server.url("/gone"))
    linkcheck.check_source(checked.id)
    checked.refresh_from_db()
    assert (checked.link_status, checked.link_final_url) == (404, "")


def test_servers_that_refuse_head_are_asked_with_get(db, local, receiver):
    server = receiver(pages={"/page": ({"HEAD": 405, "GET": 200}, {}, b"hello")})
    assert linkcheck.check_source(source(server.url("/page")).id) == 200
    assert [(r.path) for r in server.requests] == ["/page", "/page"]


def test_a_redirect_loop_stops(db, local, receiver):
    server = receiver(pages={"/a": (302, {"Location": "/b"}, b""), "/b": (302, {"Location": "/a"}, b"")})
    status, final, error = linkcheck.probe(server.url("/a"))
    assert status == 302 and "more than 5 redirects" in error
    assert len(server.requests) == linkcheck.MAX_REDIRECTS + 1


def test_no_answer_is_recorded_as_no_status_with_the_check_time(db, local):
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    checked = source(f"http://127.0.0.1:{port}/")
    assert linkcheck.check_source(checked.id) is None
    checked.refresh_from_db()
    assert checked.link_status is None and checked.link_checked_at is not None


def test_a_server_that_never_answers_times_out(db, local, receiver):
    server = receiver(hold_first=3)
    status, _, error = linkcheck.probe(server.url("/slow"))
    assert status is None and "timed out" in error


def test_a_redirect_to_an_inside_address_is_not_followed(db, settings, receiver):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    status, final, error = linkcheck.probe("http://127.0.0.1:9/")
    assert status is None and "loopback" in error


def test_the_check_is_not_an_editorial_change(db, local, receiver):
    server = receiver(pages={"/ok": (200, {}, b"")})
    checked = source(server.url("/ok"))
    history, number = checked.history.count(), revision.current()[0]
    linkcheck.check_source(checked.id)
    assert checked.history.count() == history
    assert revision.current()[0] == number + 1  # the status changed (unknown -> 200): pages refresh
    linkcheck.check_source(checked.id)
    assert revision.current()[0] == number + 1  # same status again: caches stay valid


def test_the_periodic_task_checks_sources_due_oldest_first(db, local, receiver, settings):
    server = receiver(pages={"/x": (200, {}, b"")})
    settings.LINK_CHECK_BATCH = 10_000
    now = timezone.now()
    fresh = source(server.url("/x"), key="fresh", link_checked_at=now)
    stale = source(server.url("/x"), key="stale", link_checked_at=now - datetime.timedelta(days=30))
    never = source(server.url("/x"), key="never")
    due = linkcheck.sources_due(now)
    assert fresh.id not in due
    assert due.index(never.id) < due.index(stale.id)
    Source.objects.exclude(id__in=[fresh.id, stale.id, never.id]).update(url="")  # keep the run local
    assert check_source_links.delay().get() == 2
    stale.refresh_from_db()
    assert stale.link_status == 200 and stale.link_checked_at > now
