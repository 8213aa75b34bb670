"""GET <record>/history/: every version, newest first, with who, when, values and sources.

Editors see every version and who wrote it; the public sees the versions of public records
that were not drafts, with editors named only as "editor". Retracted records leave the public
lists, and their history with them, but editors still read it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Assessment, Assistant, DeprecationEvent, PoliticalTie, Source, Vendor
from tests.support.api import API, api, editor_api  # noqa: F401 (fixtures)


def patch(client, url, changes):
    etag = client.get(url)["ETag"]
    response = client.patch(url, changes, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    return response.json()


def new_assessment(client, **overrides):
    """Alpine has nothing published, so any criterion is free for a test record."""
    body = {
        "assistant": "alpine",
        "criterion": "use-without-account",
        "value": "yes",
        "verdict": "Usable without an account (test record).",
        "confidence": "reported",
        "as_of": "2026-01-15",
        "status": "draft",
        "sources": [],
        **overrides,
    }
    response = client.post(f"{API}/assessments/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def two_source_keys():
    return list(Source.objects.order_by("key").values_list("key", flat=True)[:2])


@pytest.fixture
def edited(editor_api):
    """An assessment drafted, published with one source, then given a second source."""
    first, second = two_source_keys()
    body = new_assessment(editor_api)
    url = f"{API}/assessments/{body['id']}/"
    patch(editor_api, url, {"status": "published", "sources": [first]})
    patch(editor_api, url, {"sources": [first, second], "verdict": "Second look (test)."})
    return body["id"], first, second


def test_editors_see_every_version_newest_first_with_who_and_the_sources(editor_api, edited):
    pk, first, second = edited
    response = editor_api.get(f"{API}/assessments/{pk}/history/")
    assert response.status_code == 200
    versions = response.json()["results"]
    assert [v["record"]["status"] for v in versions][-1] == "draft"  # the oldest
    assert versions[0]["record"]["verdict"] == "Second look (test)."
    assert versions[0]["record"]["sources"] == sorted([first, second])
    assert versions[-1]["change"] == "created" and versions[-1]["history_type"] == "+"
    assert {v["changed_by"] for v in versions} == {"editor"}  # the editor fixture's username
    dates = [v["history_date"] for v in versions]
    assert dates == sorted(dates, reverse=True)
    # The version that published it cited the first source only.
    published = [v for v in versions if v["record"]["status"] == "published"]
    assert [first] in [v["record"]["sources"] for v in published]
    assert versions[0]["record"]["criterion"] == "use-without-account"
    latest = versions[0]["record"]
    assert latest["assistant"] == "alpine" and latest["vendor"] is None


def test_the_public_sees_no_drafts_and_no_editor_names(api, edited, django_user_model):
    pk, _, _ = edited
    versions = api.get(f"{API}/assessments/{pk}/history/").json()["results"]
    assert versions and all(v["record"]["status"] != "draft" for v in versions)
    assert {v["changed_by"] for v in versions} == {"editor"}
    # "editor" here is the anonymised role; prove it with another username.
    django_user_model.objects.filter(username="editor").update(username="alice")
    Assessment.objects.get(pk=pk).save()  # a new version (and a new catalog revision)
    public = api.get(f"{API}/assessments/{pk}/history/").json()["results"]
    assert "alice" not in {v["changed_by"] for v in public}


def test_versions_written_by_loads_name_nobody(api, catalog):
    assessment = Assessment.objects.published().first()
    versions = api.get(f"{API}/assessments/{assessment.pk}/history/").json()["results"]
    assert versions and {v["changed_by"] for v in versions} == {None}
    cited = sorted(assessment.sources.values_list("key", flat=True))
    assert versions[0]["record"]["sources"] == cited


def test_a_retracted_record_leaves_the_public_but_its_history_stays(editor_api, api, edited):
    pk, _, _ = edited
    url = f"{API}/assessments/{pk}/"
    patch(editor_api, url, {"status": "retracted"})
    assert api.get(f"{url}history/").status_code == 404
    listed = api.get(f"{API}/assessments/", {"page_size": 100}).json()["results"]
    assert pk not in [row["id"] for row in listed]
    versions = editor_api.get(f"{url}history/").json()["results"]
    assert versions[0]["record"]["status"] == "retracted"
    assert [v["record"]["status"] for v in versions].count("published") >= 2


@pytest.mark.parametrize(
    "path, model, lookup",
    [
        ("sources", Source, "key"),
        ("deprecations", DeprecationEvent, "key"),
        ("political-ties", PoliticalTie, "key"),
        ("vendors", Vendor, "slug"),
    ],
)
def test_every_editorial_resource_has_its_history(api, catalog, path, model, lookup):
    public = {"status": "published"} if path in ("deprecations", "political-ties") else {}
    record = model.objects.filter(**public).first()
    response = api.get(f"{API}/{path}/{getattr(record, lookup)}/history/")
    assert response.status_code == 200, response.content
    latest = response.json()["results"][0]["record"]
    assert latest[lookup] == getattr(record, lookup)
    if path != "sources":
        assert latest["sources"] == sorted(record.sources.values_list("key", flat=True))


def test_an_assistants_history_lists_its_models_and_sources(api, catalog):
    versions = api.get(f"{API}/assistants/chatgpt/history/").json()["results"]
    latest = versions[0]["record"]
    assert latest["slug"] == "chatgpt" and latest["vendor"] == "openai"
    chatgpt = Assistant.objects.get(slug="chatgpt")
    assert latest["models_used"] == sorted(chatgpt.models_used.values_list("slug", flat=True))
    assert latest["sources"] == sorted(chatgpt.sources.values_list("key", flat=True))
    assert "score_overall" not in latest  # derived numbers are not editorial history


def test_history_answers_conditional_requests(api, edited):
    pk, _, _ = edited
    url = f"{API}/assessments/{pk}/history/"
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_unknown_records_are_404_in_the_error_shape(api, catalog):
    response = api.get(f"{API}/assessments/999999999/history/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_query_count_does_not_grow_with_the_number_of_versions(editor_api, edited):
    pk, first, second = edited
    url = f"{API}/assessments/{pk}/history/"
    few_queries, few_versions = count_queries(editor_api, url)
    for n in range(8):
        patch(editor_api, f"{API}/assessments/{pk}/", {"verdict": f"Revision {n} (test)."})
    many_queries, many_versions = count_queries(editor_api, url)
    assert many_versions >= few_versions + 8
    assert many_queries == few_queries
