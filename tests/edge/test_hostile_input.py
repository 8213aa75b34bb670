"""Hostile input gets a 4xx naming what is wrong, never a 500 and never a silent success:
NUL bytes (PostgreSQL cannot store them), JSON nested past any record's depth, duplicate JSON
keys, and bodies sent without Content-Length (chunked), which WSGI cannot read."""
import json

import pytest
from django.test import Client

from catalog.models import Assessment, Correction
from tests.support.api import API, api, editor_api, errors_of  # noqa: F401

VALID = {"assistant": "claude", "claim": "The retention period changed.", "source_url": "https://example.org/p"}
NUL_QUERIES = [
    ("/compare/?assistants=%00", "assistants"),
    ("/compare/?find=%00", "find"),
    ("/corrections/new/?find=%00", "find"),
    ("/corrections/new/?assistant=%00", "assistant"),
    ("/embed/?find=%00", "find"),
    ("/?q=a%00b", "q"),
    (f"{API}/assistants/?q=%00", "q"),
    (f"{API}/compare/?assistants=claude,chat%00gpt", "assistants"),
]


@pytest.mark.parametrize("path, parameter", NUL_QUERIES)
def test_a_nul_byte_in_a_query_value_is_a_400_naming_the_parameter(catalog, path, parameter):
    response = Client().get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert set(errors_of(response)) == {parameter}
    else:
        assert f"<code>{parameter}</code>" in response.content.decode()


def test_a_nul_byte_in_a_parameter_name_is_refused(catalog):
    response = Client().get(f"{API}/assistants/?a%00b=1")
    assert response.status_code == 400
    assert errors_of(response)["a\x00b"]["code"] == "nul_byte"


def test_a_nul_byte_in_a_posted_form_field_is_a_400_and_nothing_is_saved(catalog):
    response = Client().post("/corrections/new/", {"assistant": "cl\x00aude", "claim": "x" * 30})
    assert response.status_code == 400
    assert "<code>assistant</code>" in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "body, parameter",
    [
        ({**VALID, "assistant": "chat\u0000gpt"}, "assistant"),
        ({**VALID, "claim": "a claim with a nul\u0000inside"}, "claim"),
        ({**VALID, "k\u0000ey": 1}, "k\x00ey"),
    ],
)
def test_a_nul_byte_in_a_json_body_is_a_400_naming_the_field(api, body, parameter):
    response = api.post(f"{API}/corrections/", body, format="json")
    assert response.status_code == 400
    assert errors_of(response)[parameter]["code"] == "nul_byte"
    assert not Correction.objects.exists()


def test_a_nul_byte_in_an_editors_write_is_a_400(editor_api):
    response = editor_api.post(f"{API}/subscriptions/", {"target_url": "https://example.org/h", "secret": "s" * 20, "follows": "cl\u0000aude"}, format="json")
    assert response.status_code == 400
    assert errors_of(response)["follows"]["code"] == "nul_byte"


def test_deeply_nested_json_is_a_400(api):
    deep = "[" * 1100 + "]" * 1100
    response = api.post(f"{API}/corrections/", deep, content_type="application/json")
    assert response.status_code == 400
    assert errors_of(response)[None]["code"] == "parse_error"
    nested = {**VALID, "extra": json.loads("[" * 100 + "]" * 100)}
    response = api.post(f"{API}/corrections/", nested, format="json")
    assert response.status_code == 400
    assert "nested" in errors_of(response)[None]["message"]


def test_duplicate_json_keys_are_refused(api):
    body = json.dumps(VALID)[:-1] + ', "assistant": "lumo"}'
    response = api.post(f"{API}/corrections/", body, content_type="application/json")
    assert response.status_code == 400
    assert errors_of(response)["assistant"]["code"] == "duplicate_key"
    assert not Correction.objects.exists()


def test_a_chunked_write_is_refused_with_411_and_changes_nothing(editor_api):
    assessment = Assessment.objects.filter(status="published").first()
    url = f"{API}/assessments/{assessment.pk}/"
    before = editor_api.get(url)
    versions = assessment.history.count()
    response = editor_api.generic(
        "PATCH", url, b"", content_type="application/json",
        HTTP_IF_MATCH=before["ETag"], HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert errors_of(response)["Content-Length"]["code"] == "length_required"
    assessment.refresh_from_db()
    assert assessment.history.count() == versions
    assert editor_api.get(url)["ETag"] == before["ETag"]


def test_a_chunked_page_post_is_refused_with_411(catalog):
    response = Client().generic("POST", "/corrections/new/", b"", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert not Correction.objects.exists()


def test_the_nul_byte_refusal_speaks_the_pages_language(catalog):
    html = Client().get("/fr/compare/?find=%00").content.decode()
    assert "octet NUL" in html
