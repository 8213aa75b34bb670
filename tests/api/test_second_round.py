"""Second-round records in the API (additive): source kinds, checked dates, data storage,
regulator actions, searches and the models an assistant offers."""
from catalog.models import (
    Assessment,
    OfferedModel,
    RegulatorAction,
    SearchRecord,
    Source,
    Vendor,
)
from tests.support.api import API, all_rows, api, errors_of  # noqa: F401 (fixtures)


def test_sources_say_their_kind_access_date_and_the_copy_read(api):
    rows = {row["key"]: row for row in all_rows(api, f"{API}/sources/")}
    assert len(rows) == Source.objects.count()
    for source in Source.objects.all():
        row = rows[source.key]
        assert row["kind"] == source.kind and row["read_via"] == source.read_via
        assert row["accessed"] == (source.accessed.isoformat() if source.accessed else None)
        assert row["repost_of"] == (source.repost_of.key if source.repost_of_id else None)
    # The brief shape inside every record carries them too.
    detail = api.get(f"{API}/assistants/deepseek/").json()
    brief = detail["sources"][0]
    assert {"kind", "accessed", "read_via"} <= set(brief)


def test_assessments_say_when_they_were_checked(api):
    rows = all_rows(api, f"{API}/assessments/")
    for row in rows:
        assert row["checked"] == Assessment.objects.get(pk=row["id"]).checked.isoformat()
    answers = api.get(f"{API}/assistants/chatgpt/").json()["assessments"]["privacy"]
    assert all("checked" in answer for answer in answers)


def test_vendors_say_where_user_data_is_stored(api):
    deepseek = Vendor.objects.get(slug="deepseek")
    row = api.get(f"{API}/vendors/deepseek/").json()
    assert row["data_storage"] == deepseek.data_storage
    assert row["data_storage_countries"] == deepseek.data_storage_countries
    assert {s["key"] for s in row["data_storage_sources"]} == set(
        deepseek.data_storage_sources.values_list("key", flat=True)
    )


def test_regulator_actions_are_listed_with_their_sources_and_filter(api):
    rows = all_rows(api, f"{API}/regulator-actions/")
    assert {row["key"] for row in rows} == set(RegulatorAction.objects.published().values_list("key", flat=True))
    assert all(row["sources"] for row in rows)
    italian = all_rows(api, f"{API}/regulator-actions/", vendor="deepseek", jurisdiction="IT", kind="block")
    assert italian and all(row["vendor"]["slug"] == "deepseek" and row["kind"] == "block" for row in italian)
    one = rows[0]
    assert api.get(f"{API}/regulator-actions/{one['key']}/").json()["key"] == one["key"]
    bad = api.get(f"{API}/regulator-actions/", {"kind": "praise"})
    assert bad.status_code == 400 and "block" in errors_of(bad)["kind"]["accepted"]


def test_searches_are_listed_and_coverage_records_filter(api):
    rows = all_rows(api, f"{API}/searches/")
    assert len(rows) == SearchRecord.objects.count()
    coverage = all_rows(api, f"{API}/searches/", coverage="true", category="political_ties")
    assert coverage and all(row["criterion"] is None and row["covered"] for row in coverage)
    assert {row["vendor"] for row in coverage} >= set(Vendor.objects.filter(verified=True).values_list("slug", flat=True))
    cells = all_rows(api, f"{API}/searches/", assistant="lumo", outcome="not_found", coverage="false")
    assert cells and all(row["criterion"] for row in cells)


def test_assistant_detail_lists_the_models_it_offers_with_maker_and_removal(api):
    detail = api.get(f"{API}/assistants/duck-ai/").json()
    offered = detail["offered_models"]
    expected = OfferedModel.objects.published().filter(assistant__slug="duck-ai")
    assert {row["key"] for row in offered} == set(expected.values_list("key", flat=True))
    for row in offered:
        offer = expected.get(key=row["key"])
        assert row["maker"]["slug"] == offer.model.vendor.slug
        assert row["removed_by"] == (offer.removed_by.key if offer.removed_by_id else None)
        assert row["terms"] == offer.terms and row["sources"]
    assert "regulator_actions" in detail
    assert api.get(f"{API}/assistants/chatgpt/").json()["offered_models"] == []
