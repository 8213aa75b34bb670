"""GET /api/v1/changes/: every published change in commit order, resumable from a cursor.

The done-when test mirrors the catalog from the API's lists at revision R, follows the feed
from R while two transactions write at the same time, and must end with exactly the lists read
afresh.
"""
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from catalog import revision
from catalog.models import Assessment, ChangeEntry, DeprecationEvent, PoliticalTie, Source, Status, Vendor
from tests.support import ON_POSTGRES
from tests.support.api import API, all_rows, api, editor_api, errors_of  # noqa: F401 (fixtures)

# The kinds that have a public list, with the list's address and the field its rows are keyed by.
LISTS = {
    "assistant": ("assistants", "slug"),
    "vendor": ("vendors", "slug"),
    "model": ("models", "slug"),
    "criterion": ("criteria", "slug"),
    "source": ("sources", "key"),
    "assessment": ("assessments", "id"),
    "deprecation": ("deprecations", "key"),
    "political-tie": ("political-ties", "key"),
    "regulator-action": ("regulator-actions", "key"),
    "search": ("searches", "key"),
}


def read_lists(client):
    return {
        kind: {str(row[field]): row for row in all_rows(client, f"{API}/{path}/")}
        for kind, (path, field) in LISTS.items()
    }


def follow(client, since, **params):
    """Every entry after `since`, page by page; returns (entries, cursor to resume from)."""
    entries, url, query = [], f"{API}/changes/", {"since": since, **params}
    while True:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        entries += body["results"]
        if not body["next"]:
            return entries, body["cursor"]
        url, query = body["next"], {}


def apply(mirror, entries):
    for entry in entries:
        records = mirror.setdefault(entry["kind"], {})
        if entry["previous_key"]:
            records.pop(entry["previous_key"], None)
        if entry["action"] == "retracted":
            records.pop(entry["key"], None)
        else:
            records[entry["key"]] = entry["record"]


def assert_same_catalog(mirror, fresh):
    """Same records of every kind; and the fields both shapes state as plain values agree
    (a partial date is shown as `2024-05` by lists and stored with its precision beside it)."""
    for kind in LISTS:
        assert set(mirror[kind]) == set(fresh[kind]), kind
        for key, row in fresh[kind].items():
            record = mirror[kind][key]
            for name, value in row.items():
                plain = value is None or isinstance(value, (str, int, float, bool))
                if plain and name in record and f"{name}_precision" not in record:
                    assert record[name] == value, (kind, key, name)


def published_tie_writes(vendor):
    source = Source.objects.order_by("key").first()
    tie = PoliticalTie.objects.create(
        key="feed-test-tie", vendor=vendor, recipient="A test recipient", kind="donation",
        summary="A test tie (change feed).", confidence="reported", status=Status.PUBLISHED,
    )
    tie.sources.add(source)
    return tie


def first_writer(wrote, go_on):
    """Renames a vendor and adds a published tie in one transaction, held open a while."""
    try:
        with transaction.atomic():
            vendor = Vendor.objects.get(slug="mistral")
            vendor.name = "Mistral AI (renamed in a test)"
            vendor.save()
            wrote.set()
            go_on.wait(10)
            published_tie_writes(vendor)
    finally:
        connection.close()


def second_writer(started):
    """Changes an assessment, retracts a deprecation event, drafts a tie: one transaction."""
    try:
        with transaction.atomic():
            started.set()
            assessment = Assessment.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
            assessment.verdict = "Changed by the change-feed test."
            assessment.save()
            event = DeprecationEvent.objects.filter(status=Status.PUBLISHED).order_by("key").first()
            event.status = Status.RETRACTED
            event.save()
            PoliticalTie.objects.create(
                key="feed-test-draft", vendor=Vendor.objects.get(slug="openai"), recipient="Draft",
                kind="donation", summary="A draft (change feed).", confidence="reported",
            )
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_mirror_built_at_a_revision_and_fed_the_changes_ends_as_the_catalog(live_catalog):
    client = APIClient()
    start = revision.current()[0]
    mirror = read_lists(client)
    wrote, go_on, started = threading.Event(), threading.Event(), threading.Event()
    first = threading.Thread(target=first_writer, args=(wrote, go_on))
    second = threading.Thread(target=second_writer, args=(started,))
    if ON_POSTGRES:
        first.start()
        assert wrote.wait(10)
        # Both transactions open at once; the second waits for the revision row at its first
        # write. A reader comes by meanwhile: it sees none of their changes yet.
        second.start()
        assert started.wait(10)
        time.sleep(0.3)
        seen, cursor = follow(client, start)
        assert seen == []
        go_on.set()
        first.join()
        second.join()
    else:
        # SQLite lets one writer at a time and no reader beside it (shared in-memory cache):
        # the same transactions one after the other, with a reader in between.
        go_on.set()
        first.start()
        first.join()
        seen, cursor = follow(client, start)
        assert {entry["kind"] for entry in seen} == {"vendor", "political-tie"}
        apply(mirror, seen)
        second.start()
        second.join()
    entries, cursor = follow(client, cursor, page_size=2)
    apply(mirror, entries)
    entries = seen + entries
    assert_same_catalog(mirror, read_lists(client))
    assert cursor == entries[-1]["cursor"]
    assert follow(client, cursor) == ([], cursor)
    keys = {(entry["kind"], entry["key"], entry["action"]) for entry in entries}
    assert ("political-tie", "feed-test-tie", "created") in keys
    assert ("vendor", "mistral", "updated") in keys
    assert not [entry for entry in entries if entry["key"] == "feed-test-draft"]
    assert [entry for entry in entries if entry["action"] == "retracted" and entry["kind"] == "deprecation"]
    # The first writer committed first, so all its changes come before the second's.
    kinds = [entry["kind"] for entry in entries]
    assert kinds.index("assessment") > max(i for i, kind in enumerate(kinds) if kind in ("vendor", "political-tie"))


def test_entries_come_in_order_with_cursors_that_resume_exactly(api):
    entries, _ = follow(api, 0, page_size=100)
    cursors = [tuple(map(int, entry["cursor"].split("."))) for entry in entries[:300]]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    middle = entries[137]["cursor"]
    page = api.get(f"{API}/changes/", {"since": middle, "page_size": 5}).json()
    assert [entry["cursor"] for entry in page["results"]] == [entry["cursor"] for entry in entries[138:143]]
    assert page["cursor"] == entries[142]["cursor"]
    assert f"since={page['cursor']}" in page["next"]
    first = api.get(f"{API}/changes/").json()
    assert len(first["results"]) == 20


def test_a_plain_revision_number_means_every_change_after_it(api, editor_api):
    before = revision.current()[0]
    body = {"key": "feed-number-source", "title": "A source for the change feed", "publisher": "Test",
            "accessed": "2026-01-15", "language": "en", "kind": "press"}
    created = editor_api.post(f"{API}/sources/", body, format="json")
    assert created.status_code == 201, created.content
    entries, _ = follow(api, str(before))
    assert [(entry["kind"], entry["key"], entry["action"]) for entry in entries] == [
        ("source", "feed-number-source", "created")
    ]
    assert entries[0]["record"]["title"] == "A source for the change feed"
    assert entries[0]["url"].endswith(f"{API}/sources/feed-number-source/")
    assert follow(api, str(revision.current()[0])) == ([], str(revision.current()[0]))


@pytest.mark.parametrize("since", ["abc", "1.2.3", "-4", "1.", ".5", "9" * 30])
def test_a_bad_cursor_is_a_400_naming_since(api, since):
    response = api.get(f"{API}/changes/", {"since": since})
    assert response.status_code == 400
    assert "revision number" in errors_of(response)["since"]["accepted"]


def test_a_bad_page_size_and_an_unknown_parameter_are_400s(api):
    assert "page_size" in errors_of(api.get(f"{API}/changes/", {"page_size": 101}))
    assert "page" in errors_of(api.get(f"{API}/changes/", {"page": 2}))


def draft_then_publish(editor_api):
    before = revision.current()[0]
    source = Source.objects.order_by("key").first().key
    body = {"key": "feed-draft-tie", "vendor": "openai", "recipient": "A test recipient", "kind": "donation",
            "summary": "A draft tie (change feed).", "confidence": "reported", "status": "draft", "sources": []}
    assert editor_api.post(f"{API}/political-ties/", body, format="json").status_code == 201
    url = f"{API}/political-ties/feed-draft-tie/"

    def patch(changes):
        response = editor_api.patch(url, changes, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
        assert response.status_code == 200, response.content

    patch({"summary": "Still a draft (change feed)."})
    patch({"status": "published", "sources": [source]})
    patch({"summary": "Published, then changed (change feed)."})
    patch({"status": "retracted"})
    return before


def test_drafts_are_hidden_a_publish_is_created_and_a_retraction_says_so(api, editor_api):
    before = draft_then_publish(editor_api)
    public, _ = follow(api, before)
    # Each stored version is one change: the publish, its sources set, the summary changed.
    actions = [entry["action"] for entry in public]
    assert actions[0] == "created" and actions[-1] == "retracted"
    assert set(actions[1:-1]) == {"updated"}
    assert public[0]["record"]["status"] == "published"
    assert public[-2]["record"]["sources"]
    assert public[-2]["record"]["summary"] == "Published, then changed (change feed)."
    assert public[-1]["record"] is None and public[-1]["url"] is None
    editors, _ = follow(editor_api, before)
    assert [entry["action"] for entry in editors][:2] == ["draft", "draft"]
    assert [entry["cursor"] for entry in editors[2:]] == [entry["cursor"] for entry in public]
    assert editors[-1]["record"]["status"] == "retracted"


def test_a_renamed_record_names_its_previous_key(api):
    before = revision.current()[0]
    vendor = Vendor.objects.get(slug="mistral")
    vendor.slug = "mistral-ai"
    vendor.save()
    entries, _ = follow(api, before)
    assert [(entry["key"], entry["previous_key"]) for entry in entries] == [("mistral-ai", "mistral")]


def test_a_page_costs_the_same_few_queries_however_long(api):
    """The revision, the page of entries, then per kind on the page its versions and cited keys."""
    first = ChangeEntry.objects.filter(kind="assessment").order_by("revision", "id").first()
    since = f"{first.revision}.{first.id - 1}"  # the load wrote every assessment's versions in a row

    def queries(size):
        revision.bump()  # a fresh revision: nothing from the response cache
        with CaptureQueriesContext(connection) as captured:
            response = api.get(f"{API}/changes/", {"since": since, "page_size": size})
        assert response.status_code == 200
        assert {entry["kind"] for entry in response.json()["results"]} == {"assessment"}
        assert len(response.json()["results"]) == size
        return len(captured)

    assert [queries(size) for size in (1, 20, 100)] == [4, 4, 4]
