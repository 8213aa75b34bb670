"""GET /api/v1/assistants/: the catalog list, its filters, ordering, pages and CSV; the detail."""

import csv
import io

import pytest

from catalog.models import CATEGORY_KEYS, Assessment, Assistant, Criterion, Source, Status, Vendor
from tests.support.api import API, all_rows, api, errors_of, grow_catalog  # noqa: F401 (fixtures)

SEED_ASSISTANTS = {"chatgpt", "claude", "gemini", "lumo", "confer", "alpine"}
SCORE_KEYS = {*CATEGORY_KEYS, "overall"}


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_list_has_the_public_fields_of_every_assistant(api):
    body = api.get(f"{API}/assistants/").json()
    assert body["count"] == Assistant.objects.count()
    assert {row["slug"] for row in body["results"]} >= SEED_ASSISTANTS
    for row in body["results"]:
        assert set(row) == {
            "slug",
            "name",
            "vendor",
            "status",
            "open_weights",
            "scores",
            "coverage",
            "evidence",
        }
        assert set(row["evidence"]) == SCORE_KEYS
        assert set(row["evidence"]["overall"]) == {"score", "band", "enough_evidence", "coverage"}
        assert set(row["vendor"]) == {"slug", "name", "country"}
        assert set(row["scores"]) == SCORE_KEYS
        stored = Assistant.objects.get(slug=row["slug"])
        # `scores` are the shown scores: a number only where the evidence is enough.
        assert row["scores"] == {key: row["evidence"][key]["score"] for key in SCORE_KEYS}
        for key in SCORE_KEYS:
            if not row["evidence"][key]["enough_evidence"]:
                assert row["scores"][key] is None, (row["slug"], key)
        assert row["coverage"] == stored.coverage


def test_unknown_scores_are_null_never_zero(api):
    unassessed = [a.slug for a in Assistant.objects.filter(score_overall__isnull=True)]
    assert unassessed, "the catalog has assistants with nothing published (Alpine)"
    rows = {row["slug"]: row for row in api.get(f"{API}/assistants/").json()["results"]}
    for slug in unassessed:
        assert rows[slug]["scores"]["overall"] is None


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"vendor": "openai"}, lambda a: a.vendor.slug == "openai"),
        ({"country": "us"}, lambda a: a.vendor.country == "US"),
        ({"country": "CH"}, lambda a: a.vendor.country == "CH"),
        ({"open_weights": "true"}, lambda a: a.open_weights is True),
        ({"open_weights": "false"}, lambda a: a.open_weights is False),
        ({"open_weights": "unknown"}, lambda a: a.open_weights is None),
        # A minimum applies to the low end of the band: the score whatever the unknowns.
        ({"min_privacy": "50"}, lambda a: a.band_low_privacy >= 50),
        ({"min_political_ties": "25"}, lambda a: a.band_low_political_ties >= 25),
        ({"min_safety": "50"}, lambda a: a.band_low_safety >= 50),
        ({"min_deprecation": "30"}, lambda a: a.band_low_deprecation >= 30),
        ({"min_privacy": "20", "min_safety": "50"}, lambda a: a.band_low_privacy >= 20 and a.band_low_safety >= 50),
        ({"q": "gem"}, lambda a: "gem" in a.name.lower()),
        ({"q": "proton"}, lambda a: a.vendor.slug == "proton"),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_each_filter_keeps_exactly_the_matching_assistants(api, params, expected):
    everyone = list(Assistant.objects.select_related("vendor"))
    wanted = {a.slug for a in everyone if expected(a)}
    assert 0 < len(wanted) < len(everyone), "the case must discriminate on the real catalog"
    assert set(slugs(api.get(f"{API}/assistants/", params))) == wanted


def test_status_filter(api):
    Assistant.objects.filter(slug="alpine").update(status=Assistant.State.RETIRED)
    assert slugs(api.get(f"{API}/assistants/", {"status": "retired"})) == ["alpine"]
    assert "alpine" not in slugs(api.get(f"{API}/assistants/", {"status": "active"}))


@pytest.mark.parametrize("key", ["overall", *CATEGORY_KEYS])
@pytest.mark.parametrize("descending", [True, False])
def test_ordering_by_a_score_puts_too_little_evidence_last(api, key, descending):
    param = f"-{key}" if descending else key
    order = slugs(api.get(f"{API}/assistants/", {"ordering": param}))
    rows = {a.slug: a for a in Assistant.objects.all()}
    enough = [getattr(rows[slug], f"enough_{key}") for slug in order]
    assert enough == sorted(enough, reverse=True), "no score without enough evidence before one with"
    lows = [getattr(rows[slug], f"band_low_{key}") for slug in order if getattr(rows[slug], f"enough_{key}")]
    assert lows == sorted(lows, reverse=descending)


def test_ordering_by_name_both_ways(api):
    names = [a.name for a in Assistant.objects.order_by("name")]
    rows = api.get(f"{API}/assistants/", {"ordering": "name"}).json()["results"]
    assert [row["name"] for row in rows] == names
    rows = api.get(f"{API}/assistants/", {"ordering": "-name"}).json()["results"]
    assert [row["name"] for row in rows] == names[::-1]


@pytest.mark.parametrize(
    "params, parameter, accepted",
    [
        ({"vendor": "nobody"}, "vendor", lambda a: "openai" in a),
        ({"status": "sleeping"}, "status", lambda a: a == ["active", "retired", "unverified"]),
        ({"open_weights": "maybe"}, "open_weights", lambda a: a == ["true", "false", "unknown"]),
        ({"country": "USA"}, "country", lambda a: "US" in a),
        ({"min_privacy": "101"}, "min_privacy", lambda a: a == "a number from 0 to 100"),
        ({"min_safety": "-1"}, "min_safety", lambda a: a == "a number from 0 to 100"),
        (
            {"min_political_ties": "lots"},
            "min_political_ties",
            lambda a: a == "a number from 0 to 100",
        ),
        ({"min_deprecation": "NaN"}, "min_deprecation", lambda a: a == "a number from 0 to 100"),
        (
            {"ordering": "price"},
            "ordering",
            lambda a: {"name", "-overall", "privacy", "-deprecation"} <= set(a),
        ),
        ({"q": "x" * 101}, "q", lambda a: "100" in a),
        ({"page_size": "101"}, "page_size", lambda a: "1 to 100" in a),
        ({"page_size": "0"}, "page_size", lambda a: "1 to 100" in a),
        ({"page": "first"}, "page", lambda a: "whole number" in a),
        ({"format": "xml"}, "format", lambda a: a == ["json", "csv"]),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v[:12]}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_bad_list_parameters_are_a_400_naming_the_parameter_and_accepted_values(
    api, params, parameter, accepted
):
    response = api.get(f"{API}/assistants/", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    problem = errors_of(response)[parameter]
    assert accepted(problem["accepted"]), problem


def test_several_bad_parameters_are_all_reported(api):
    response = api.get(
        f"{API}/assistants/", {"vendor": "nobody", "min_privacy": "200", "ordering": "x"}
    )
    assert response.status_code == 400
    assert set(errors_of(response)) == {"vendor", "min_privacy", "ordering"}


def test_a_page_past_the_end_is_a_404_naming_the_page(api):
    response = api.get(f"{API}/assistants/", {"page": 99})
    assert response.status_code == 404
    assert errors_of(response)["page"]["accepted"] == "a whole number from 1 to 1"


def test_pages_hold_20_by_default_and_at_most_100(api):
    grow_catalog(130)
    total = Assistant.objects.count()
    first = api.get(f"{API}/assistants/").json()
    assert first["count"] == total and len(first["results"]) == 20
    assert "page=2" in first["next"]
    big = api.get(f"{API}/assistants/", {"page_size": 100}).json()
    assert len(big["results"]) == 100
    rows = all_rows(api, f"{API}/assistants/", ordering="-overall")
    assert len({row["slug"] for row in rows}) == total  # stable order: no row twice, none lost


def test_csv_export_has_the_same_rows_as_the_json_page(api):
    params = {"ordering": "-overall", "page_size": 4}
    page = api.get(f"{API}/assistants/", params).json()["results"]
    response = api.get(f"{API}/assistants/", {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == [row["slug"] for row in page]
    for row, item in zip(rows, page):
        assert row["vendor.slug"] == item["vendor"]["slug"]
        for key in SCORE_KEYS:
            expected = item["scores"][key]
            assert row[f"scores.{key}"] == ("" if expected is None else str(expected))


def test_csv_also_by_accept_header(api):
    response = api.get(f"{API}/assistants/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0].startswith("slug,name,vendor.slug")


# --- detail ----------------------------------------------------------------------------------


def test_detail_groups_every_criterion_by_category_with_sources(api):
    body = api.get(f"{API}/assistants/chatgpt/").json()
    assert body["slug"] == "chatgpt" and body["vendor"]["slug"] == "openai"
    assert set(body["assessments"]) == set(CATEGORY_KEYS)
    listed = [row["criterion"]["slug"] for key in CATEGORY_KEYS for row in body["assessments"][key]]
    assert sorted(listed) == sorted(Criterion.objects.values_list("slug", flat=True))
    chatgpt = Assistant.objects.get(slug="chatgpt")
    for key in CATEGORY_KEYS:
        for row in body["assessments"][key]:
            assert row["criterion"]["category"] == key
            if row["value"] is None:
                assert row["score"] is None and row["sources"] == []
                continue
            assessment = Assessment.objects.get(pk=row["assessment"])
            assert assessment.status == Status.PUBLISHED
            assert row["inherited"] == (assessment.vendor_id == chatgpt.vendor_id)
            assert row["score"] == assessment.score
            assert {s["key"] for s in row["sources"]} == set(
                assessment.sources.values_list("key", flat=True)
            )
            assert row["sources"], "a published answer always cites a source"


def test_detail_lists_retirements_of_its_models_and_its_vendors_political_ties(api):
    body = api.get(f"{API}/assistants/chatgpt/").json()
    chatgpt = Assistant.objects.get(slug="chatgpt")
    models = set(chatgpt.models_used.values_list("slug", flat=True))
    assert {m["slug"] for m in body["models"]} == models
    assert body["deprecations"], "GPT-4o's history is in the catalog"
    assert {d["model"]["slug"] for d in body["deprecations"]} <= models
    assert "gpt-4o" in {d["model"]["slug"] for d in body["deprecations"]}
    ties = {t.key for t in chatgpt.vendor.political_ties.published()}
    assert {t["key"] for t in body["political_ties"]} == ties
    assert all(t["sources"] for t in body["political_ties"])


def test_drafts_never_reach_the_public_detail(api):
    chatgpt = Assistant.objects.get(slug="chatgpt")
    criterion = Criterion.objects.get(slug="use-without-account")
    Assessment.objects.filter(assistant=chatgpt, criterion=criterion).delete()
    draft = Assessment.objects.create(
        assistant=chatgpt,
        criterion=criterion,
        value="yes",
        verdict="draft verdict",
        confidence="reported",
        as_of="2026-01-01",
        status=Status.DRAFT,
    )
    body = api.get(f"{API}/assistants/chatgpt/").json()
    rows = {row["criterion"]["slug"]: row for row in body["assessments"]["privacy"]}
    assert rows["use-without-account"]["assessment"] != draft.pk
    assert "draft verdict" not in str(body)


def test_unknown_assistant_is_a_404_in_the_error_shape(api):
    response = api.get(f"{API}/assistants/no-such-assistant/")
    assert response.status_code == 404
    assert errors_of(response)[None]["code"] == "not_found"


def test_list_filters_do_not_hide_a_detail(api):
    assert api.get(f"{API}/assistants/alpine/", {"min_privacy": 90}).status_code == 200


def test_vendor_filter_accepts_a_vendor_with_no_assistant(api):
    Vendor.objects.create(slug="empty-vendor", name="Empty vendor")
    assert slugs(api.get(f"{API}/assistants/", {"vendor": "empty-vendor"})) == []


def test_inherited_vendor_answers_are_marked(api):
    source = Source.objects.first()
    criterion = Criterion.objects.get(slug="use-without-account")
    Assessment.objects.filter(criterion=criterion, assistant__slug="lumo").delete()
    Assessment.objects.filter(criterion=criterion, vendor__slug="proton").delete()
    vendor_wide = Assessment.objects.create(
        vendor=Vendor.objects.get(slug="proton"),
        criterion=criterion,
        value="yes",
        verdict="v",
        confidence="reported",
        as_of="2026-01-01",
        status=Status.PUBLISHED,
    )
    vendor_wide.sources.add(source)
    body = api.get(f"{API}/assistants/lumo/").json()
    row = next(
        r for r in body["assessments"]["privacy"] if r["criterion"]["slug"] == "use-without-account"
    )
    assert row["assessment"] == vendor_wide.pk and row["inherited"] is True
