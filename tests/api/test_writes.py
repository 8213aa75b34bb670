"""Editor writes: token authentication, validation with accepted values, and If-Match so two
editors never silently overwrite each other."""

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalog import revision
from catalog.models import (
    Assessment,
    Assistant,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
)
from tests.support.api import API, api, editor_api, errors_of, reader_api, token_client
from tests.support import postgres_only


def new_assessment(**overrides):
    """A valid body: Alpine has nothing published, so any criterion is free."""
    body = {
        "assistant": "alpine",
        "criterion": "use-without-account",
        "value": "yes",
        "verdict": "Usable without an account (test record).",
        "confidence": "reported",
        "as_of": "2026-01-15",
        "status": "published",
        "sources": [Source.objects.order_by("key").first().key],
    }
    body.update(overrides)
    return body


def created(client, path, body):
    response = client.post(f"{API}/{path}/", body, format="json")
    assert response.status_code == 201, response.content
    return response


# --- who may write -------------------------------------------------------------------------------

WRITABLE = ["assessments", "sources", "deprecations", "political-ties"]


@pytest.mark.parametrize("path", WRITABLE)
def test_anonymous_writes_are_refused_with_401(api, path):
    response = api.post(f"{API}/{path}/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert errors_of(response)["Authorization"]


@pytest.mark.parametrize("path", WRITABLE)
def test_token_holders_who_are_not_editors_get_403(reader_api, path):
    response = reader_api.post(f"{API}/{path}/", {}, format="json")
    assert response.status_code == 403
    assert errors_of(response)


def test_a_bad_token_is_a_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(f"{API}/assistants/").status_code == 401


def test_staff_are_editors_too(catalog, django_user_model):
    staff = django_user_model.objects.create_user("staffer", password="x", is_staff=True)
    created(token_client(staff), "assessments", new_assessment())


@pytest.mark.parametrize("path", ["assistants", "vendors", "criteria", "campaigns"])
def test_read_only_resources_refuse_writes_even_from_editors(editor_api, path):
    response = editor_api.post(f"{API}/{path}/", {}, format="json")
    assert response.status_code == 405
    assert "GET" in errors_of(response)[None]["accepted"]


def test_nothing_is_deleted_through_the_api(editor_api):
    response = editor_api.delete(f"{API}/assessments/{Assessment.objects.first().pk}/")
    assert response.status_code == 405


def test_drf_create_token_gives_a_working_editor_token(catalog, editor):
    call_command("drf_create_token", editor.username, stdout=io.StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=editor).key}")
    created(client, "assessments", new_assessment())


# --- assessments ---------------------------------------------------------------------------------


def test_creating_an_assessment_scores_it_from_the_rubric_and_keeps_history(editor_api, editor):
    before = revision.current()[0]
    response = created(editor_api, "assessments", new_assessment())
    body = response.json()
    criterion = Criterion.objects.get(slug="use-without-account")
    assert body["score"] == criterion.rubric["yes"]
    assert body["assistant"] == "alpine" and body["criterion"]["slug"] == "use-without-account"
    assert response["ETag"]
    assessment = Assessment.objects.get(pk=body["id"])
    assert assessment.history.latest().history_user == editor
    assert revision.current()[0] > before
    assert editor_api.get(f"{API}/assessments/{body['id']}/")["ETag"] == response["ETag"]


def test_a_bad_value_lists_the_criterions_accepted_values(editor_api):
    response = editor_api.post(
        f"{API}/assessments/", new_assessment(value="sometimes"), format="json"
    )
    assert response.status_code == 400
    criterion = Criterion.objects.get(slug="use-without-account")
    assert errors_of(response)["value"]["accepted"] == sorted(criterion.rubric)


def test_a_numeric_criterion_accepts_numbers_and_its_words(editor_api):
    body = created(
        editor_api, "assessments", new_assessment(criterion="api-notice-policy", value="200")
    ).json()
    assert body["score"] == Criterion.objects.get(slug="api-notice-policy").score_for("200")
    response = editor_api.post(
        f"{API}/assessments/",
        new_assessment(criterion="consumer-notice-given", value="soon"),
        format="json",
    )
    assert response.status_code == 400
    assert "a number" in errors_of(response)["value"]["accepted"]


def test_a_published_assessment_needs_a_source(editor_api):
    response = editor_api.post(f"{API}/assessments/", new_assessment(sources=[]), format="json")
    assert response.status_code == 400
    assert errors_of(response)["sources"]["accepted"]
    created(editor_api, "assessments", new_assessment(sources=[], status="draft"))


def test_an_assessment_has_exactly_one_subject(editor_api):
    both = editor_api.post(f"{API}/assessments/", new_assessment(vendor="openai"), format="json")
    assert both.status_code == 400 and "assistant" in errors_of(both)
    neither = editor_api.post(f"{API}/assessments/", new_assessment(assistant=None), format="json")
    assert neither.status_code == 400 and "assistant" in errors_of(neither)


def test_vendor_wide_assessments(editor_api):
    body = created(
        editor_api,
        "assessments",
        new_assessment(assistant=None, vendor="alpine-operator-unverified"),
    ).json()
    assert body["vendor"] == "alpine-operator-unverified" and body["assistant"] is None


def test_one_published_answer_per_subject_and_criterion(editor_api):
    existing = (
        Assessment.objects.published()
        .filter(assistant__slug="chatgpt")
        .select_related("criterion")
        .first()
    )
    response = editor_api.post(
        f"{API}/assessments/",
        new_assessment(
            assistant="chatgpt", criterion=existing.criterion.slug, value=existing.value
        ),
        format="json",
    )
    assert response.status_code == 400
    assert str(existing.pk) in errors_of(response)["criterion"]["message"]


@pytest.mark.parametrize(
    "field, value, accepted",
    [
        ("criterion", "no-such-criterion", "training-by-default"),
        ("assistant", "no-such-assistant", "chatgpt"),
        ("confidence", "certain", ["confirmed", "reported", "disputed"]),
        ("status", "live", ["draft", "published", "retracted"]),
        ("as_of", "last week", "YYYY-MM-DD"),
        ("sources", ["no-such-source"], "the key of an existing source"),
    ],
)
def test_bad_fields_name_their_accepted_values(editor_api, field, value, accepted):
    response = editor_api.post(
        f"{API}/assessments/", new_assessment(**{field: value}), format="json"
    )
    assert response.status_code == 400
    problem = errors_of(response)[field]
    if isinstance(accepted, list):
        assert problem["accepted"] == accepted
    else:
        assert accepted in problem["accepted"]


def test_malformed_json_is_a_400_not_a_500(editor_api):
    response = editor_api.post(f"{API}/assessments/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert errors_of(response)


# --- If-Match ---------------------------------------------------------------------------------


def test_patch_with_the_current_etag_succeeds_and_gives_a_new_one(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"verdict": "Changed verdict."}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    assert response.json()["verdict"] == "Changed verdict."
    assert response["ETag"] != etag
    assert editor_api.get(url)["ETag"] == response["ETag"]


def test_a_stale_etag_is_a_412_and_nothing_is_overwritten(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    first = editor_api.patch(url, {"verdict": "First editor."}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    second = editor_api.patch(url, {"verdict": "Second editor."}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    assert errors_of(second)["If-Match"]
    assert Assessment.objects.get(pk=body["id"]).verdict == "First editor."


def test_a_change_to_a_cited_source_also_makes_the_etag_stale(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    source = Source.objects.get(key=body["sources"][0]["key"])
    source.title = source.title + " (retitled)"
    source.save()
    assert (
        editor_api.patch(url, {"verdict": "x"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )


def test_writes_without_if_match_are_refused_with_428(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    response = editor_api.patch(f"{API}/assessments/{body['id']}/", {"verdict": "x"}, format="json")
    assert response.status_code == 428
    assert errors_of(response)["If-Match"]


def test_put_replaces_the_record_under_if_match(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    replacement = new_assessment(value="no", verdict="Needs an account (test).", status="draft")
    response = editor_api.put(url, replacement, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    stored = Assessment.objects.get(pk=body["id"])
    assert (stored.value, stored.status) == ("no", Status.DRAFT)
    assert stored.score == Criterion.objects.get(slug="use-without-account").rubric["no"]


def test_retracting_keeps_the_record_but_hides_it(editor_api, api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    assert (
        editor_api.patch(
            url, {"status": "retracted"}, format="json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    assert api.get(url).status_code == 404
    assert editor_api.get(url).json()["status"] == "retracted"


def test_patch_cannot_publish_without_sources(editor_api):
    body = created(editor_api, "assessments", new_assessment(sources=[], status="draft")).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(url, {"status": "published"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400 and "sources" in errors_of(response)


def test_publishing_through_the_api_updates_the_stored_scores(
    editor_api, django_capture_on_commit_callbacks
):
    assert Assistant.objects.get(slug="alpine").score_privacy is None
    with django_capture_on_commit_callbacks(execute=True):
        created(editor_api, "assessments", new_assessment())
    criterion = Criterion.objects.get(slug="use-without-account")
    assert Assistant.objects.get(slug="alpine").score_privacy == criterion.rubric["yes"]


# --- sources, deprecations, political ties ------------------------------------------------


def test_sources_are_created_and_edited_with_partial_dates(editor_api):
    body = created(
        editor_api,
        "sources",
        {
            "key": "test-source",
            "title": "A test source",
            "publisher": "Test publisher",
            "url": "https://example.org/test",
            "published": "2025-08",
            "language": "en",
        },
    ).json()
    assert body["published"] == "2025-08"
    url = f"{API}/sources/test-source/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"title": "Retitled", "key": "other-key"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert response.json()["key"] == "test-source"  # keys are fixed once created
    assert Source.objects.get(key="test-source").title == "Retitled"


def test_source_keys_are_unique_and_dates_checked(editor_api):
    taken = Source.objects.first().key
    response = editor_api.post(
        f"{API}/sources/", {"key": taken, "title": "t", "publisher": "p"}, format="json"
    )
    assert response.status_code == 400 and "key" in errors_of(response)
    response = editor_api.post(
        f"{API}/sources/",
        {"key": "k-new", "title": "t", "publisher": "p", "published": "August"},
        format="json",
    )
    assert response.status_code == 400
    assert "YYYY-MM" in errors_of(response)["published"]["accepted"]


def deprecation_body(**overrides):
    body = {
        "key": "test-gpt-4o-event",
        "model": "gpt-4o",
        "kind": "extended",
        "date": "2026-02",
        "scope": "paid_tier",
        "surface": "consumer_app",
        "summary": "A test event.",
        "confidence": "reported",
        "status": "published",
        "sources": [Source.objects.order_by("key").first().key],
    }
    body.update(overrides)
    return body


def test_deprecation_events_are_written_with_their_date_precision(editor_api):
    body = created(editor_api, "deprecations", deprecation_body()).json()
    assert body["date"] == "2026-02" and body["vendor"] == "openai"
    event = DeprecationEvent.objects.get(key="test-gpt-4o-event")
    assert event.date_precision == "month"
    url = f"{API}/deprecations/test-gpt-4o-event/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(url, {"notice_days": 14}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200 and response.json()["notice_days"] == 14


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "vanished"}, "kind"),
        ({"model": "gpt-99"}, "model"),
        ({"date": "2026-13"}, "date"),
        ({"notice_days": -3}, "notice_days"),
        ({"sources": []}, "sources"),
        ({"scope": "friends"}, "scope"),
    ],
)
def test_bad_deprecation_events_are_refused(editor_api, overrides, field):
    response = editor_api.post(f"{API}/deprecations/", deprecation_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in errors_of(response)


def tie_body(**overrides):
    body = {
        "key": "test-tie",
        "vendor": "openai",
        "recipient": "A test committee",
        "kind": "donation",
        "amount": "1000.00",
        "currency": "USD",
        "date": "2025",
        "summary": "A test tie.",
        "confidence": "reported",
        "status": "published",
        "sources": [Source.objects.order_by("key").first().key],
    }
    body.update(overrides)
    return body


def test_political_ties_are_written_with_amount_and_currency(editor_api):
    body = created(editor_api, "political-ties", tie_body()).json()
    assert (body["amount"], body["currency"], body["date"]) == ("1000.00", "USD", "2025")
    url = f"{API}/political-ties/test-tie/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"amount": None, "currency": ""}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200 and response.json()["amount"] is None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"currency": ""}, "currency"),
        ({"currency": "dollars"}, "currency"),
        ({"amount": "-5"}, "amount"),
        ({"kind": "bribe"}, "kind"),
        ({"vendor": "nobody"}, "vendor"),
        ({"sources": []}, "sources"),
    ],
)
def test_bad_political_ties_are_refused(editor_api, overrides, field):
    response = editor_api.post(f"{API}/political-ties/", tie_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in errors_of(response)


def test_editors_see_drafts_the_public_does_not(editor_api, api):
    created(editor_api, "political-ties", tie_body(status="draft", sources=[]))
    assert editor_api.get(f"{API}/political-ties/test-tie/").status_code == 200
    assert api.get(f"{API}/political-ties/test-tie/").status_code == 404
    drafts = editor_api.get(f"{API}/political-ties/", {"status": "draft", "page_size": 100}).json()["results"]
    assert "test-tie" in [row["key"] for row in drafts]
    assert {row["status"] for row in drafts} == {"draft"}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_published_write_commits_past_the_databases_source_trigger(live_catalog, editor):
    """On PostgreSQL the deferred trigger checks at commit: the write and its links are one unit."""
    client = token_client(editor)
    body = created(client, "assessments", new_assessment()).json()
    assert Assessment.objects.get(pk=body["id"]).sources.exists()
    assert PoliticalTie.objects.filter(key="test-tie").count() == 0
    created(client, "political-ties", tie_body())
    assert PoliticalTie.objects.get(key="test-tie").sources.exists()


# --- writes that change nothing say so --------------------------------------------------------


def test_a_patch_naming_read_only_fields_is_a_400_naming_them(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(url, {"score": 100, "id": 1, "verdict": "Sneaky."}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    errors = errors_of(response)
    assert set(errors) == {"score", "id"}
    assert errors["score"]["code"] == "read_only"
    assert "verdict" in errors["score"]["accepted"]
    assert editor_api.get(url).json()["verdict"] == body["verdict"]
    source = editor_api.get(f"{API}/sources/").json()["results"][0]
    source_url = f"{API}/sources/{source['key']}/"
    refused = editor_api.patch(
        source_url, {"link_status": "ok"}, format="json", HTTP_IF_MATCH=editor_api.get(source_url)["ETag"]
    )
    assert refused.status_code == 400 and set(errors_of(refused)) == {"link_status"}


def test_an_empty_patch_writes_no_history_version(editor_api):
    body = created(editor_api, "assessments", new_assessment()).json()
    url = f"{API}/assessments/{body['id']}/"
    etag = editor_api.get(url)["ETag"]
    versions = len(editor_api.get(f"{url}history/").json()["results"])
    response = editor_api.patch(url, {}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == etag
    assert len(editor_api.get(f"{url}history/").json()["results"]) == versions
