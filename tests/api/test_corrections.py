"""POST /api/v1/corrections/: anyone suggests, throttled per client, never a 5xx; the
submitter follows the review at the answer's URL; editors list and filter what to review."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import SimpleRateThrottle

from catalog import corrections
from catalog.models import Assistant, Correction, Criterion, Status
from tests.support.api import API, api, editor_api, errors_of, reader_api  # noqa: F401

VALID = {
    "assistant": "claude",
    "criterion": "training-by-default",
    "claim": "The retention period changed in the latest policy.",
    "source_url": "https://example.org/policy",
    "contact": "reader@example.org",
}
STATUS_FIELDS = {"id", "assistant", "criterion", "status", "created_at", "reviewed_at"}


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """Rate windows are clock minutes: hold the clock so no test straddles two of them."""
    monkeypatch.setattr("edge.ratelimit.time.time", lambda: 1_800_000_000.0)


def submit(client, **changes):
    return client.post(f"{API}/corrections/", {**VALID, **changes}, format="json")


def test_anyone_submits_and_gets_where_to_follow_it(api):
    response = submit(api)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["assistant"] == "claude"
    assert body["url"].endswith(f"/api/v1/corrections/{body['id']}/")
    assert response["Location"] == body["url"]
    assert "contact" not in body and "claim" not in body
    assert not response.cookies
    stored = Correction.objects.get(pk=body["id"])
    assert stored.review == Correction.Review.PENDING and stored.contact == VALID["contact"]
    assert stored.criterion.slug == "training-by-default"


def test_criterion_and_contact_are_optional(api):
    response = submit(api, criterion=None, contact="")
    assert response.status_code == 201, response.content
    assert response.json()["criterion"] is None
    del_contact = {k: v for k, v in VALID.items() if k not in ("criterion", "contact")}
    assert api.post(f"{API}/corrections/", del_contact, format="json").status_code == 201


def test_the_status_page_shows_the_review_and_never_the_contact(api, editor):
    body = submit(api).json()
    status = api.get(body["url"])
    assert status.status_code == 200
    assert set(status.json()) == STATUS_FIELDS
    assert status.json()["status"] == "pending" and status.json()["reviewed_at"] is None
    corrections.accept(Correction.objects.get(pk=body["id"]), editor)
    reviewed = api.get(body["url"]).json()
    assert reviewed["status"] == "accepted" and reviewed["reviewed_at"]
    assert VALID["contact"] not in api.get(body["url"]).content.decode()


def test_an_accepted_correction_becomes_a_draft_the_public_does_not_see(api, editor):
    body = submit(api).json()
    draft = corrections.accept(Correction.objects.get(pk=body["id"]), editor)
    assert draft.status == Status.DRAFT
    assert api.get(f"{API}/assessments/{draft.pk}/").status_code == 404


def test_unknown_assistant_and_criterion_list_the_accepted_slugs(api):
    response = submit(api, assistant="nobody", criterion="no-such-criterion")
    assert response.status_code == 400
    problems = errors_of(response)
    assert problems["assistant"]["accepted"] == sorted(
        Assistant.objects.values_list("slug", flat=True)
    )
    assert problems["criterion"]["accepted"] == sorted(
        Criterion.objects.values_list("slug", flat=True)
    )
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"claim": ""}, "claim"),
        ({"claim": "x" * 4001}, "claim"),
        ({"source_url": "ftp://example.org/file"}, "source_url"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "https://example.org/" + "a" * 600}, "source_url"),
        ({"contact": "c" * 201}, "contact"),
        ({"assistant": 42}, "assistant"),
        ({"assistant": ["claude"]}, "assistant"),
        ({"claim": {"nested": "object"}}, "claim"),
    ],
)
def test_bad_fields_are_a_400_naming_them_and_what_works(api, changes, field):
    response = submit(api, **changes)
    assert response.status_code == 400, response.content
    problem = errors_of(response)[field]
    assert problem["accepted"]


def test_missing_fields_are_named(api, catalog):
    response = api.post(f"{API}/corrections/", {}, format="json")
    assert response.status_code == 400
    assert {"assistant", "claim", "source_url"} <= set(errors_of(response))


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("{not json", "application/json"),
        ("[]", "application/json"),
        ('"just a string"', "application/json"),
        ("\x00\xff", "application/json"),
        ("<xml/>", "application/xml"),
    ],
)
def test_hostile_bodies_are_4xx_never_5xx(api, catalog, body, content_type):
    response = api.generic("POST", f"{API}/corrections/", body, content_type=content_type)
    assert 400 <= response.status_code < 500, response.content
    assert errors_of(response)


def test_a_huge_body_is_a_413_in_the_error_shape(api, catalog):
    huge = '{"claim": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = api.generic("POST", f"{API}/corrections/", huge, content_type="application/json")
    assert response.status_code == 413
    assert errors_of(response)[None]["code"] == "too_large"
    assert not Correction.objects.exists()


def test_a_huge_form_post_to_the_page_is_a_413_too(catalog):
    response = Client().post(
        "/corrections/new/",
        "claim=" + "x" * (2 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_more_than_ten_a_minute_from_one_client_is_a_429(api):
    statuses = [submit(api).status_code for _ in range(10)]
    assert statuses == [201] * 10
    refused = submit(api)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert errors_of(refused)[None]["code"] == "throttled"
    assert Correction.objects.count() == 10
    # Following a review is not a submission: it is not held back.
    assert api.get(f"{API}/corrections/{Correction.objects.first().pk}/").status_code == 200


def test_the_limit_is_per_client(api):
    for _ in range(10):
        assert submit(api).status_code == 201
    assert submit(api).status_code == 429
    elsewhere = api.post(f"{API}/corrections/", VALID, format="json", REMOTE_ADDR="192.0.2.7")
    assert elsewhere.status_code == 201


def test_a_made_up_forwarded_for_header_does_not_escape_the_limit(api):
    for number in range(10):
        forged = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number}"}
        assert api.post(f"{API}/corrections/", VALID, format="json", **forged).status_code == 201
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.99"}
    assert api.post(f"{API}/corrections/", VALID, format="json", **forged).status_code == 429


def test_editors_list_and_filter_what_to_review(editor_api, api, editor):
    for assistant in ("claude", "claude", "lumo"):
        submit(api, assistant=assistant)
    corrections.reject(Correction.objects.filter(assistant__slug="lumo").get(), editor)
    body = editor_api.get(f"{API}/corrections/", {"status": "pending"}).json()
    assert body["count"] == 2
    assert {row["assistant"] for row in body["results"]} == {"claude"}
    assert body["results"][0]["contact"] == VALID["contact"]  # editors may answer
    rejected = editor_api.get(f"{API}/corrections/", {"assistant": "lumo"}).json()["results"]
    assert [row["status"] for row in rejected] == ["rejected"]
    assert rejected[0]["reviewed_by"] == "editor"


def test_only_editors_list_corrections(api, reader_api):
    assert api.get(f"{API}/corrections/").status_code == 401
    assert reader_api.get(f"{API}/corrections/").status_code == 403


def test_a_bad_filter_names_the_accepted_states(editor_api):
    response = editor_api.get(f"{API}/corrections/", {"status": "maybe"})
    assert response.status_code == 400
    assert errors_of(response)["status"]["accepted"] == ["pending", "accepted", "rejected"]


def test_the_editors_list_costs_the_same_few_queries_for_3_or_30(editor_api, api, monkeypatch):
    unlimited = {"anon": None, "user": None, "corrections": None}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", unlimited)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_api.get(f"{API}/corrections/", {"page_size": 100}).status_code == 200
        return len(captured)

    for _ in range(3):
        submit(api)
    few = queries()
    for _ in range(27):
        submit(api, assistant="lumo", criterion=None)
    assert queries() == few
