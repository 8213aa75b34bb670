"""`as_of=` on every API read, and GET /assistants/<slug>/changes/: the catalog as published then.

An editor changes a claim; reads as of a moment before the change see the old claim (and the
scores it gave), reads after see the new one. Past answers carry an ETag of their own snapshot,
answer If-None-Match with a 304 and are cached for a year.
"""
from urllib.parse import quote

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import timemachine
from catalog.models import Assessment, Assistant, Confidence, Criterion, DeprecationEvent, PoliticalTie, Status
from tests.support.api import API, api, editor_api, errors_of  # noqa: F401 (fixtures)

IMMUTABLE = "public, max-age=31536000, immutable"


def moment(when=None):
    """A past moment as as_of takes it (ISO 8601, UTC, URL-safe)."""
    return quote((when or timezone.now()).isoformat())


def other_value(assessment):
    """A value of the assessment's criterion that gives another score."""
    criterion = assessment.criterion
    return next(value for value, score in criterion.rubric.items() if score != assessment.score)


def published_choice_claim(slug="chatgpt"):
    """A published claim of `slug` on a criterion whose values are listed (not a number)."""
    return (
        Assessment.objects.filter(assistant__slug=slug, status=Status.PUBLISHED)
        .filter(criterion__value_type__in=[Criterion.ValueType.BOOLEAN, Criterion.ValueType.CHOICE])
        .exclude(confidence=Confidence.DISPUTED)  # a disputed claim does not count in the scores
        .select_related("criterion")
        .order_by("id")
        .first()
    )


def patch(client, url, changes):
    response = client.patch(url, changes, format="json", HTTP_IF_MATCH=client.get(url)["ETag"])
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def edit(editor_api):
    """An editor changes the value and verdict of one of ChatGPT's claims through the API."""
    claim = published_choice_claim()
    live_scores = editor_api.get(f"{API}/assistants/chatgpt/").json()["scores"]
    before = timezone.now()
    new_value = other_value(claim)
    patch(editor_api, f"{API}/assessments/{claim.id}/", {"value": new_value, "verdict": "Changed by a test."})
    return {"claim": claim, "before": before, "after": timezone.now(), "new_value": new_value, "scores": live_scores}


def test_a_read_before_an_edit_sees_the_old_claim_and_a_read_after_sees_the_new(api, edit):
    claim = edit["claim"]
    then = api.get(f"{API}/assessments/{claim.id}/?as_of={moment(edit['before'])}")
    now = api.get(f"{API}/assessments/{claim.id}/?as_of={moment(edit['after'])}")
    assert then.status_code == now.status_code == 200
    assert (then.json()["value"], then.json()["verdict"]) == (claim.value, claim.verdict)
    assert (now.json()["value"], now.json()["verdict"]) == (edit["new_value"], "Changed by a test.")
    assert api.get(f"{API}/assessments/{claim.id}/").json()["value"] == edit["new_value"]


def test_the_scores_as_of_a_moment_are_those_the_catalog_showed_then(api, edit):
    then = api.get(f"{API}/assistants/chatgpt/?as_of={moment(edit['before'])}").json()
    assert then["scores"] == edit["scores"]
    later = api.get(f"{API}/assistants/chatgpt/?as_of={moment(edit['after'])}").json()
    # Recomputed there from the edited claim, whatever the live recompute job has done yet.
    category = edit["claim"].criterion.category
    assert later["evidence"][category] != then["evidence"][category]


def test_a_past_answer_is_cached_for_a_year_with_an_etag_of_its_own(api, edit):
    url = f"{API}/assistants/chatgpt/?as_of={moment(edit['before'])}"
    first = api.get(url)
    assert first["Cache-Control"] == IMMUTABLE
    live = api.get(f"{API}/assistants/chatgpt/")
    assert first["ETag"] != live["ETag"] and "immutable" not in live["Cache-Control"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == IMMUTABLE and again["ETag"] == first["ETag"]
    # Two moments between the same two changes are one snapshot.
    snapshot = timemachine.snapshot_for(edit["before"])
    assert snapshot.key in first["ETag"]


def test_every_public_read_takes_as_of(api):
    when = moment()
    for path in (
        "/assistants/", "/assistants/chatgpt/", "/assistants/chatgpt/alternatives/", "/assistants/chatgpt/switch/",
        "/compare/?assistants=chatgpt,claude", "/vendors/", "/vendors/openai/", "/deprecations/",
        "/political-ties/", "/sources/", "/criteria/", "/models/", "/campaigns/", "/regulator-actions/",
    ):
        joined = "&" if "?" in path else "?"
        response = api.get(f"{API}{path}{joined}as_of={when}")
        assert response.status_code == 200, (path, response.content[:300])
        assert response["Cache-Control"] == IMMUTABLE, path


@pytest.mark.parametrize(
    "value, says",
    [
        ("2999-01-01", "not ended"),
        ("yesterday", "not a date"),
        ("2026-02-30", "not a date"),
        ("9999-12-31", "not a date"),
        ("0001-01-01T00:00:00+01:00", "not a date"),
        ("2026-02-01T10:00:00+99:00", "not a date"),
        ("2999-01-01T00:00:00Z", "future"),
    ],
)
def test_a_date_not_past_or_not_a_date_is_a_400_naming_as_of(api, value, says):
    response = api.get(f"{API}/assistants/?as_of={quote(value)}")
    assert response.status_code == 400
    problem = errors_of(response)["as_of"]
    assert says in problem["message"] and "YYYY-MM-DD" in problem["accepted"]


def test_today_is_refused_until_the_day_is_over(api):
    response = api.get(f"{API}/assistants/?as_of={timezone.now().date().isoformat()}")
    assert response.status_code == 400 and "as_of" in errors_of(response)


def test_before_the_first_record_the_catalog_is_empty(api):
    listed = api.get(f"{API}/assistants/?as_of=2001-01-01")
    assert listed.status_code == 200 and listed.json()["count"] == 0
    assert api.get(f"{API}/assistants/chatgpt/?as_of=2001-01-01").status_code == 404


def test_writes_refuse_as_of(editor_api):
    claim = published_choice_claim()
    response = editor_api.patch(f"{API}/assessments/{claim.id}/?as_of=2001-01-01", {}, format="json")
    assert response.status_code == 400 and "as_of" in errors_of(response)


def test_history_and_accounts_stay_live_under_as_of(editor_api, edit):
    """Token authentication reads the live accounts, and history is history already."""
    claim = edit["claim"]
    versions = editor_api.get(f"{API}/assessments/{claim.id}/history/?as_of={moment(edit['before'])}")
    assert versions.status_code == 200 and versions.json()["count"] >= 2


def test_an_as_of_read_costs_the_same_queries_whatever_the_moment(api, edit):
    def queries(when, slug):
        snapshot = timemachine.snapshot_for(when)  # built beforehand: building is not reading
        with timemachine.reading(snapshot):  # the request shares this connection to the snapshot
            with CaptureQueriesContext(connection) as live, CaptureQueriesContext(connections[snapshot.alias]) as past:
                assert api.get(f"{API}/assistants/{slug}/?as_of={moment(when)}").status_code == 200
        return len(live), len(past)

    before = queries(edit["before"], "chatgpt")
    assert queries(edit["after"], "chatgpt") == before
    assert queries(edit["after"], "claude") == before
    assert before[0] == 1  # the live database is asked only which snapshot answers


def test_changes_name_the_claim_before_and_after_with_its_sources(api, edit):
    claim = edit["claim"]
    body = api.get(f"{API}/assistants/chatgpt/changes/?from={moment(edit['before'])}").json()
    changed = [item for item in body["claims"] if item["before"] and item["before"]["id"] == claim.id]
    assert len(changed) == 1 and changed[0]["change"] == "changed"
    assert {"value", "verdict"} <= set(changed[0]["changed_fields"])
    assert changed[0]["before"]["value"] == claim.value and changed[0]["after"]["value"] == edit["new_value"]
    keys = sorted(claim.sources.values_list("key", flat=True))
    assert [source["key"] for source in changed[0]["after"]["sources"]] == keys
    assert body["before"]["scores"] == edit["scores"]
    # Nothing else changed in that window.
    assert len(body["claims"]) == 1


def test_changes_show_retracted_and_added_claims(api, editor_api):
    claim = published_choice_claim("claude")
    before = timezone.now()
    patch(editor_api, f"{API}/assessments/{claim.id}/", {"status": "retracted"})
    body = api.get(f"{API}/assistants/claude/changes/?from={moment(before)}").json()
    assert [(item["change"], item["before"]["id"], item["after"]) for item in body["claims"]] == [
        ("retracted", claim.id, None)
    ]
    # Seen from before the catalog existed, every claim it holds now was added.
    since_the_start = api.get(f"{API}/assistants/claude/changes/?from=2001-01-01").json()
    published = Assessment.objects.filter(status=Status.PUBLISHED, assistant__slug="claude").count()
    added = [item for item in since_the_start["claims"] if item["subject"] == "assistant"]
    assert len(added) == published and {item["change"] for item in added} == {"added"}
    assert since_the_start["before"]["scores"] is None


def test_changes_refuse_a_window_that_runs_backwards(api):
    response = api.get(f"{API}/assistants/chatgpt/changes/?from=2026-02-01&to=2026-01-01")
    assert response.status_code == 400 and "to" in errors_of(response)
    response = api.get(f"{API}/assistants/chatgpt/changes/?from=soon")
    assert response.status_code == 400 and "from" in errors_of(response)
    assert api.get(f"{API}/assistants/nobody-by-this-name/changes/").status_code == 404


def test_changes_default_to_the_last_30_days(api):
    body = api.get(f"{API}/assistants/chatgpt/changes/").json()
    assert body["to"] is None
    assert body["from"] == (timezone.now() - timezone.timedelta(days=30)).date().isoformat()
    assert Assistant.objects.filter(slug=body["assistant"]).exists()


@pytest.fixture
def tie_and_retirement(editor_api):
    """An editor rewrites a political tie of ChatGPT's vendor and retracts a deprecation event
    of a model ChatGPT runs."""
    tie = PoliticalTie.objects.filter(status=Status.PUBLISHED, vendor__assistants__slug="chatgpt").order_by("key").first()
    event = (
        DeprecationEvent.objects.filter(status=Status.PUBLISHED, model__assistants__slug="chatgpt")
        .order_by("key")
        .first()
    )
    before = timezone.now()
    patch(editor_api, f"{API}/political-ties/{tie.key}/", {"summary": "Rewritten by a test."})
    patch(editor_api, f"{API}/deprecations/{event.key}/", {"status": "retracted"})
    return {"tie": tie, "event": event, "before": before, "after": timezone.now()}


def test_changes_list_an_edited_tie_and_a_retracted_deprecation_with_their_sources(api, tie_and_retirement):
    tie, event = tie_and_retirement["tie"], tie_and_retirement["event"]
    body = api.get(f"{API}/assistants/chatgpt/changes/?from={moment(tie_and_retirement['before'])}").json()
    [tie_change] = body["political_ties"]
    assert (tie_change["change"], tie_change["key"], tie_change["changed_fields"]) == ("changed", tie.key, ["summary"])
    assert tie_change["before"]["summary"] == tie.summary and tie_change["after"]["summary"] == "Rewritten by a test."
    keys = sorted(tie.sources.values_list("key", flat=True))
    assert sorted(source["key"] for source in tie_change["before"]["sources"]) == keys
    [retired] = body["deprecations"]
    assert (retired["change"], retired["key"], retired["after"]) == ("retracted", event.key, None)
    assert retired["before"]["summary"] == event.summary
    assert sorted(source["key"] for source in retired["before"]["sources"]) == sorted(
        event.sources.values_list("key", flat=True)
    )
    # Nothing else changed in that window.
    assert body["claims"] == body["regulator_actions"] == body["switching_facts"] == []


def test_changes_from_the_start_list_every_kind_of_record_as_added(api):
    body = api.get(f"{API}/assistants/chatgpt/changes/?from=2001-01-01").json()
    published_ties = PoliticalTie.objects.filter(status=Status.PUBLISHED, vendor__assistants__slug="chatgpt")
    assert {item["key"] for item in body["political_ties"]} == set(published_ties.values_list("key", flat=True))
    for kind in ("deprecations", "political_ties", "regulator_actions", "switching_facts"):
        assert {item["change"] for item in body[kind]} <= {"added"}, kind
    assert body["deprecations"] and body["switching_facts"]


def test_changes_cost_the_same_queries_whatever_the_number_of_changes(api, tie_and_retirement):
    def queries(start, slug):
        snapshot = timemachine.snapshot_for(start)  # built beforehand: building is not reading
        # Opened here so the request shares this connection; the later side is read live.
        with timemachine._connected(snapshot.alias, timemachine._path(snapshot), read_only=True) as past_db:
            with CaptureQueriesContext(connection) as live, CaptureQueriesContext(past_db) as past:
                response = api.get(f"{API}/assistants/{slug}/changes/?from={moment(start)}")
                assert response.status_code == 200
        return len(live), len(past), response.json()

    *none, unchanged = queries(tie_and_retirement["after"], "chatgpt")
    *some, changed = queries(tie_and_retirement["before"], "chatgpt")
    assert not unchanged["political_ties"] and changed["political_ties"] and changed["deprecations"]
    assert some == none
    assert queries(tie_and_retirement["before"], "claude")[:2] == tuple(none)
