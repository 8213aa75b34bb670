"""Only published records are public. A retracted one leaves every public list, API and page,
its assistants' scores are recomputed without it, and its history stays for editors."""

from html import escape

import pytest
from django.test import Client

from catalog.scoring import scores as scoring
from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Status
from tests.support.api import API, all_rows, api, editor_api  # noqa: F401 (fixtures)


def retract(client, url):
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"status": "retracted"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "retracted"


def page(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def history_statuses(client, url):
    response = client.get(f"{url}history/")
    assert response.status_code == 200
    return [version["record"]["status"] for version in response.json()["results"]]


def chatgpt_events(client):
    return [e["key"] for e in client.get(f"{API}/assistants/chatgpt/").json()["deprecations"]]


def evidence(client, slug, category, criterion):
    detail = client.get(f"{API}/assistants/{slug}/").json()
    return next(
        cell for cell in detail["assessments"][category] if cell["criterion"]["slug"] == criterion
    )


def test_a_retracted_assessment_leaves_lists_pages_and_scores(
    api, editor_api, django_capture_on_commit_callbacks
):
    assessment = Assessment.objects.get(
        assistant__slug="chatgpt", criterion__slug="use-without-account", status=Status.PUBLISHED
    )
    url = f"{API}/assessments/{assessment.pk}/"
    before = Assistant.objects.get(slug="chatgpt").score_privacy
    assert evidence(api, "chatgpt", "privacy", "use-without-account")["assessment"] == assessment.pk
    assert escape(assessment.verdict) in page("/assistants/chatgpt/")

    with django_capture_on_commit_callbacks(execute=True):
        retract(editor_api, url)

    assert assessment.pk not in [row["id"] for row in all_rows(api, f"{API}/assessments/")]
    assert api.get(url).status_code == 404
    unknown = evidence(api, "chatgpt", "privacy", "use-without-account")
    assert unknown["assessment"] is None and unknown["value"] is None
    compared = api.get(f"{API}/compare/", {"assistants": "chatgpt,claude"}).json()
    row = next(r for r in compared["criteria"] if r["slug"] == "use-without-account")
    assert row["values"]["chatgpt"]["assessment"] is None
    assert escape(assessment.verdict) not in page("/assistants/chatgpt/")
    # The stored score no longer counts it, and equals a fresh computation.
    chatgpt = Assistant.objects.get(slug="chatgpt")
    assert chatgpt.score_privacy != before
    assert chatgpt.score_privacy == scoring.compute_scores([chatgpt])[chatgpt.id]["privacy"]
    shown = api.get(f"{API}/assistants/chatgpt/").json()["scores"]
    assert shown["privacy"] == (round(chatgpt.band_low_privacy, 1) if chatgpt.enough_privacy else None)
    # Editors still read it, and its whole history.
    assert editor_api.get(url).json()["status"] == "retracted"
    assert history_statuses(editor_api, url)[:2] == ["retracted", "published"]


def test_a_retracted_deprecation_event_leaves_the_api_the_timeline_and_the_feed(api, editor_api):
    event = DeprecationEvent.objects.get(key="gpt-4o-chatgpt-reinstated-2025-08")
    url = f"{API}/deprecations/{event.key}/"
    assert event.status == Status.PUBLISHED
    assert event.key in chatgpt_events(api)
    assert escape(event.summary) in page("/retirements/")

    retract(editor_api, url)

    listed = [row["key"] for row in all_rows(api, f"{API}/deprecations/")]
    assert event.key not in listed and len(listed) == DeprecationEvent.objects.published().count()
    assert api.get(url).status_code == 404
    assert event.key not in chatgpt_events(api)
    assert escape(event.summary) not in page("/retirements/")
    assert escape(event.summary) not in page("/retirements/feed.atom")
    assert history_statuses(editor_api, url)[:2] == ["retracted", "published"]
    assert api.get(f"{url}history/").status_code == 404


def test_a_retracted_political_tie_leaves_the_api_and_the_profiles(api, editor_api):
    tie = PoliticalTie.objects.get(key="openai-classified-network-2026")
    url = f"{API}/political-ties/{tie.key}/"
    assert tie.status == Status.PUBLISHED
    assert escape(tie.summary) in page("/vendors/openai/")

    retract(editor_api, url)

    listed = [row["key"] for row in all_rows(api, f"{API}/political-ties/")]
    assert tie.key not in listed and len(listed) == PoliticalTie.objects.published().count()
    assert api.get(url).status_code == 404
    ties = api.get(f"{API}/assistants/chatgpt/").json()["political_ties"]
    assert tie.key not in [t["key"] for t in ties]
    assert escape(tie.summary) not in page("/vendors/openai/")
    assert escape(tie.summary) not in page("/assistants/chatgpt/")
    assert history_statuses(editor_api, url)[:2] == ["retracted", "published"]


@pytest.mark.parametrize(
    "path, lookup", [("assessments", "id"), ("deprecations", "key"), ("political-ties", "key")]
)
def test_the_public_cannot_ask_for_retracted_records_by_filter(api, editor_api, path, lookup):
    first = editor_api.get(f"{API}/{path}/", {"status": "published"}).json()["results"][0]
    retract(editor_api, f"{API}/{path}/{first[lookup]}/")
    assert editor_api.get(f"{API}/{path}/", {"status": "retracted"}).json()["count"] == 1
    response = api.get(f"{API}/{path}/", {"status": "retracted"})
    assert response.status_code == 200 and response.json()["count"] == 0
