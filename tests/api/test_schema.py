"""The OpenAPI schema documents every endpoint and parameter; the docs page is served entirely
from our origin; docs/api.md has a curl example for every endpoint."""

import io
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from catalog.models import CATEGORY_KEYS
from tests.support.api import API, api  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "api.md"
ENDPOINTS = [
    "/api/v1/assistants/",
    "/api/v1/assistants/{slug}/",
    "/api/v1/assistants/{slug}/alternatives/",
    "/api/v1/compare/",
    "/api/v1/vendors/",
    "/api/v1/vendors/{slug}/",
    "/api/v1/models/",
    "/api/v1/models/{slug}/",
    "/api/v1/criteria/",
    "/api/v1/criteria/{slug}/",
    "/api/v1/sources/",
    "/api/v1/sources/{key}/",
    "/api/v1/deprecations/",
    "/api/v1/deprecations/{key}/",
    "/api/v1/political-ties/",
    "/api/v1/political-ties/{key}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{id}/",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{slug}/",
    "/api/v1/assessments/{id}/history/",
    "/api/v1/assistants/{slug}/history/",
    "/api/v1/vendors/{slug}/history/",
    "/api/v1/sources/{key}/history/",
    "/api/v1/deprecations/{key}/history/",
    "/api/v1/political-ties/{key}/history/",
    "/api/v1/corrections/",
    "/api/v1/corrections/{id}/",
    "/api/v1/assistants/{slug}/changes/",
]


@pytest.fixture
def schema(api):
    response = api.get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def parameters(schema, path, method="get"):
    return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}


def test_the_schema_is_openapi_3_and_generates_without_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    document = yaml.safe_load(out.getvalue())
    assert document["openapi"].startswith("3.")


def test_every_public_endpoint_is_in_the_schema(schema):
    for path in ENDPOINTS:
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/assessments/{id}/"]) >= {"get", "put", "patch"}
    assert "post" in schema["paths"]["/api/v1/assessments/"]


def test_list_filters_are_documented(schema):
    assistants = parameters(schema, "/api/v1/assistants/")
    expected = {"vendor", "country", "status", "open_weights", "q", "ordering", "page", "page_size"}
    assert expected | {f"min_{key}" for key in CATEGORY_KEYS} <= set(assistants)
    assert assistants["status"]["schema"]["enum"] == ["active", "retired", "unverified"]
    assert "-overall" in assistants["ordering"]["schema"]["items"]["enum"]
    deprecations = parameters(schema, "/api/v1/deprecations/")
    assert {"vendor", "model", "kind", "date_after", "date_before"} <= set(deprecations)
    assert {"assistant", "vendor", "category", "criterion"} <= set(
        parameters(schema, "/api/v1/assessments/")
    )


def test_compare_and_alternatives_parameters_have_examples(schema):
    compare = parameters(schema, "/api/v1/compare/")
    assert compare["assistants"]["required"] is True
    assert compare["assistants"]["examples"] and compare["weights"]["examples"]
    alternatives = parameters(schema, "/api/v1/assistants/{slug}/alternatives/")
    assert {"weights", *(f"min_{key}" for key in CATEGORY_KEYS)} <= set(alternatives)


def test_the_docs_page_loads_nothing_from_another_origin(api):
    response = api.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert address.startswith("/"), address
    assert "<style" not in html and "<script>" not in html  # nothing inline: CSP forbids it
    script = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    init = api.get(script)
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()
    assert "validator.swagger.io" not in init.content.decode()
    assert "http" not in response["Content-Security-Policy"]


def test_the_guide_shows_curl_for_every_endpoint_and_the_published_rates():
    guide = GUIDE.read_text(encoding="utf-8")
    for path in [*ENDPOINTS, "/api/v1/schema/", "/api/v1/docs/"]:
        pattern = re.escape(path)
        for name, value in (
            (r"\{slug\}", "[a-z0-9-]+"),
            (r"\{key\}", "[a-z0-9-]+"),
            (r"\{id\}", "[0-9]+"),
        ):
            pattern = pattern.replace(name, value)
        assert re.search(rf"curl[^\n]*{pattern}", guide), f"no curl example for {path}"
    for rate in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].values():
        assert rate in guide


def test_public_reads_need_no_token_and_writes_do(schema):
    """Swagger UI draws a lock on an operation unless its only requirement is the empty one."""
    assert schema["paths"]["/api/v1/assistants/"]["get"]["security"] == [{}]
    assert schema["paths"]["/api/v1/compare/"]["get"]["security"] == [{}]
    assert schema["paths"]["/api/v1/corrections/"]["post"]["security"] == [{}]
    assert {} not in schema["paths"]["/api/v1/assessments/"]["post"]["security"]
    assert {} not in schema["paths"]["/api/v1/corrections/"]["get"]["security"]


def test_summaries_read_as_english(schema):
    summaries = [op.get("summary", "") for ops in schema["paths"].values() for op in ops.values()]
    assert not [s for s in summaries if re.search(r"\b(One|Add|Replace|Change) an? an?\b", s) or "One an" in s]
    assert "Read an assessment, with its ETag for If-Match" in summaries


def test_swagger_ui_is_fed_the_schema_as_json(api):
    script = api.get(f"{API}/docs/", {"script": ""}).content.decode()
    assert "/api/v1/schema/?format\\u003Djson" in script


def _parameters(schema, path, method="get"):
    return {parameter["name"]: parameter for parameter in schema["paths"][path][method].get("parameters", [])}


def test_page_page_size_and_minimums_carry_their_bounds(schema):
    for path in ("/api/v1/assistants/", "/api/v1/assistants/{slug}/alternatives/"):
        parameters = _parameters(schema, path)
        assert parameters["page"]["schema"]["minimum"] == 1
        assert (parameters["page_size"]["schema"]["minimum"], parameters["page_size"]["schema"]["maximum"]) == (1, 100)
        for key in CATEGORY_KEYS:
            bounds = parameters[f"min_{key}"]["schema"]
            assert (bounds["minimum"], bounds["maximum"]) == (0, 100), (path, key)


def test_alternatives_are_documented_as_a_paginated_list(schema):
    response = schema["paths"]["/api/v1/assistants/{slug}/alternatives/"]["get"]["responses"]["200"]
    body = response["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert {"count", "next", "previous", "results"} <= set(body["properties"])


def test_a_corrections_criterion_is_nullable(schema):
    fields = schema["components"]["schemas"]["CorrectionStatus"]["properties"]
    assert fields["criterion"].get("nullable") is True


def test_every_catalog_read_documents_as_of(schema):
    for path, operations in schema["paths"].items():
        if "get" not in operations or path.startswith(("/api/v1/subscriptions/", "/api/v1/deliveries/", "/api/v1/corrections/")):
            continue
        if path in ("/api/v1/schema/", "/api/v1/docs/"):
            continue
        assert "as_of" in parameters(schema, path), path
    changes = parameters(schema, "/api/v1/assistants/{slug}/changes/")
    assert {"from", "to", "as_of"} <= set(changes)
