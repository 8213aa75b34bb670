"""The reference lists: vendors, criteria, sources, deprecations, political ties, assessments,
campaigns. Each filter keeps exactly the matching records; drafts never reach the public."""

import csv
import datetime
import io

import pytest

from catalog import rubric
from catalog.models import (
    Assessment,
    Campaign,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
    Vendor,
)
from tests.support.api import API, all_rows, api, errors_of  # noqa: F401 (fixtures)


def keys(client, path, field="key", **params):
    return {row[field] for row in all_rows(client, path, **params)}


def discriminating(expected, everything):
    assert 0 < len(expected) < len(everything), "the case must discriminate on the real catalog"
    return expected


# --- vendors, criteria, campaigns ---------------------------------------------------------------


def test_vendors_list_with_assistants_and_sources(api):
    rows = all_rows(api, f"{API}/vendors/")
    assert {row["slug"] for row in rows} == set(Vendor.objects.values_list("slug", flat=True))
    openai = next(row for row in rows if row["slug"] == "openai")
    assert "chatgpt" in openai["assistants"]
    assert openai["country"] == "US"


def test_vendor_filters_and_detail(api):
    assert keys(api, f"{API}/vendors/", "slug", country="ch") == {"proton"}
    unverified = set(Vendor.objects.filter(verified=False).values_list("slug", flat=True))
    assert keys(api, f"{API}/vendors/", "slug", verified="false") == unverified
    assert keys(api, f"{API}/vendors/", "slug", q="anthro") == {"anthropic"}
    assert (
        api.get(f"{API}/vendors/proton/").json()["name"] == Vendor.objects.get(slug="proton").name
    )


def test_criteria_show_their_rubric_and_accepted_values(api):
    rows = all_rows(api, f"{API}/criteria/", category="privacy")
    expected = Criterion.objects.filter(category="privacy")
    assert {row["slug"] for row in rows} == set(expected.values_list("slug", flat=True))
    for row in rows:
        criterion = expected.get(slug=row["slug"])
        assert row["accepted_values"] == rubric.accepted_values(
            criterion.value_type, criterion.rubric
        )
        assert row["rubric_text"] == criterion.rubric_text


def test_campaigns_list_and_leave_filter(api):
    rows = all_rows(api, f"{API}/campaigns/")
    assert {row["slug"] for row in rows} == set(Campaign.objects.values_list("slug", flat=True))
    leaving = set(Campaign.objects.filter(leave__slug="chatgpt").values_list("slug", flat=True))
    assert keys(api, f"{API}/campaigns/", "slug", leave="chatgpt") == leaving
    quitgpt = api.get(f"{API}/campaigns/quitgpt/").json()
    assert "chatgpt" in quitgpt["leave"] and quitgpt["weights"]


# --- sources ----------------------------------------------------------------------------------


def test_source_filters(api):
    everything = set(Source.objects.values_list("key", flat=True))
    assert keys(api, f"{API}/sources/") == everything
    after = discriminating(
        set(Source.objects.filter(published__gte="2026-01-01").values_list("key", flat=True)),
        everything,
    )
    assert keys(api, f"{API}/sources/", published_after="2026-01-01") == after
    before = set(Source.objects.filter(published__lte="2025-06-30").values_list("key", flat=True))
    assert keys(api, f"{API}/sources/", published_before="2025-06-30") == before
    french = set(Source.objects.filter(language__iexact="fr").values_list("key", flat=True))
    assert keys(api, f"{API}/sources/", language="FR") == french
    proton = set(Source.objects.filter(publisher__icontains="proton").values_list("key", flat=True))
    assert keys(api, f"{API}/sources/", publisher="proton") == discriminating(proton, everything)


# --- deprecations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, lookup",
    [
        ({"vendor": "openai"}, {"model__vendor__slug": "openai"}),
        ({"model": "gpt-4o"}, {"model__slug": "gpt-4o"}),
        ({"kind": "retired"}, {"kind": "retired"}),
        ({"kind": "reinstated"}, {"kind": "reinstated"}),
        ({"scope": "paid_tier"}, {"scope": "paid_tier"}),
        ({"surface": "api"}, {"surface": "api"}),
        ({"date_after": "2026-01-01"}, {"date__gte": datetime.date(2026, 1, 1)}),
        ({"date_before": "2025-08-31"}, {"date__lte": datetime.date(2025, 8, 31)}),
        (
            {"vendor": "openai", "date_after": "2025-08-01", "date_before": "2026-02-28"},
            {"model__vendor__slug": "openai", "date__gte": "2025-08-01", "date__lte": "2026-02-28"},
        ),
    ],
)
def test_deprecation_filters(api, params, lookup):
    # The public sees published records only (the fixtures hold drafts too).
    everything = set(DeprecationEvent.objects.published().values_list("key", flat=True))
    expected = discriminating(
        set(DeprecationEvent.objects.published().filter(**lookup).values_list("key", flat=True)), everything
    )
    assert keys(api, f"{API}/deprecations/", **params) == expected


def test_deprecations_read_as_a_dated_ledger(api):
    rows = all_rows(api, f"{API}/deprecations/", model="gpt-4o")
    dates = [row["date"] for row in rows]
    # A partial date sorts after the precise dates of its period: "2025-08" after "2025-08-07".
    assert dates == sorted(dates, key=lambda date: date + "-99" * ((10 - len(date)) // 3))
    assert {"retired", "reinstated"} <= {row["kind"] for row in rows}
    for row in rows:
        assert row["vendor"] == "openai" and row["sources"]
    assert all(len(row["date"]) in (4, 7, 10) for row in rows)  # partial dates stay partial


# --- political ties ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, lookup",
    [
        ({"vendor": "openai"}, {"vendor__slug": "openai"}),
        ({"kind": "lobbying"}, {"kind": "lobbying"}),
        ({"kind": "military_contract"}, {"kind": "military_contract"}),
        ({"date_after": "2025-06-01"}, {"date__gte": datetime.date(2025, 6, 1)}),
        ({"date_before": "2025-06-01"}, {"date__lte": datetime.date(2025, 6, 1)}),
    ],
)
def test_political_tie_filters(api, params, lookup):
    everything = set(PoliticalTie.objects.published().values_list("key", flat=True))
    expected = discriminating(
        set(PoliticalTie.objects.published().filter(**lookup).values_list("key", flat=True)), everything
    )
    assert keys(api, f"{API}/political-ties/", **params) == expected


def test_political_ties_show_amounts_with_their_currency(api):
    for row in all_rows(api, f"{API}/political-ties/"):
        assert (row["amount"] is None) or row["currency"]
        assert row["sources"]


# --- assessments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, lookup",
    [
        ({"assistant": "chatgpt"}, {"assistant__slug": "chatgpt"}),
        ({"vendor": "openai"}, {"vendor__slug": "openai"}),
        ({"category": "privacy"}, {"criterion__category": "privacy"}),
        ({"criterion": "training-by-default"}, {"criterion__slug": "training-by-default"}),
        (
            {"assistant": "chatgpt", "category": "privacy"},
            {"assistant__slug": "chatgpt", "criterion__category": "privacy"},
        ),
    ],
)
def test_assessment_filters(api, params, lookup):
    # The public list holds published assessments only (the catalog has drafts too).
    published = Assessment.objects.published()
    everything = set(published.values_list("pk", flat=True))
    expected = discriminating(
        set(published.filter(**lookup).values_list("pk", flat=True)), everything
    )
    assert keys(api, f"{API}/assessments/", "id", **params) == expected


def test_drafts_and_retractions_are_not_public(api):
    chatgpt_privacy = Assessment.objects.filter(
        assistant__slug="chatgpt", criterion__category="privacy"
    )
    retracted = chatgpt_privacy.first()
    retracted.status = Status.RETRACTED
    retracted.save()
    tie = PoliticalTie.objects.first()
    tie.status = Status.DRAFT
    tie.save()
    event = DeprecationEvent.objects.first()
    event.status = Status.DRAFT
    event.save()
    assert retracted.pk not in keys(api, f"{API}/assessments/", "id")
    assert tie.key not in keys(api, f"{API}/political-ties/")
    assert event.key not in keys(api, f"{API}/deprecations/")
    assert api.get(f"{API}/assessments/{retracted.pk}/").status_code == 404
    assert api.get(f"{API}/political-ties/{tie.key}/").status_code == 404
    assert api.get(f"{API}/deprecations/{event.key}/").status_code == 404
    # ...and asking for them by status changes nothing.
    assert keys(api, f"{API}/political-ties/", status="draft") == set()


# --- errors and exports on every list ----------------------------------------------------------


@pytest.mark.parametrize(
    "path, params, parameter, accepted",
    [
        ("vendors", {"country": "1"}, "country", "US"),
        ("vendors", {"verified": "perhaps"}, "verified", ["true", "false"]),
        (
            "criteria",
            {"category": "speed"},
            "category",
            ["privacy", "political_ties", "safety", "deprecation"],
        ),
        ("sources", {"published_after": "yesterday"}, "published_after", "YYYY-MM-DD"),
        ("deprecations", {"vendor": "nobody"}, "vendor", "openai"),
        # Over 50 models (edge.parameters.MAX_LISTED_CHOICES): described, not listed.
        ("deprecations", {"model": "gpt-99"}, "model", "the slug of an existing AI model"),
        ("deprecations", {"kind": "vanished"}, "kind", "reinstated"),
        ("deprecations", {"date_after": "2025-13-01"}, "date_after", "YYYY-MM-DD"),
        ("deprecations", {"date_before": "soon"}, "date_before", "YYYY-MM-DD"),
        ("political-ties", {"kind": "bribe"}, "kind", "super_pac"),
        ("political-ties", {"vendor": "nobody"}, "vendor", "anthropic"),
        ("assessments", {"assistant": "nobody"}, "assistant", "chatgpt"),
        ("assessments", {"criterion": "nothing"}, "criterion", "training-by-default"),
        ("assessments", {"category": "speed"}, "category", "privacy"),
        (
            "assessments",
            {"confidence": "sure"},
            "confidence",
            ["confirmed", "reported", "disputed"],
        ),
        ("campaigns", {"leave": "nobody"}, "leave", "chatgpt"),
    ],
)
def test_bad_filters_are_a_400_naming_the_accepted_values(api, path, params, parameter, accepted):
    response = api.get(f"{API}/{path}/", params)
    assert response.status_code == 400
    problem = errors_of(response)[parameter]
    if isinstance(accepted, list):
        assert problem["accepted"] == accepted
    else:
        assert accepted in problem["accepted"]


@pytest.mark.parametrize(
    "path, first_column",
    [
        ("vendors", "slug"),
        ("criteria", "slug"),
        ("sources", "key"),
        ("deprecations", "key"),
        ("political-ties", "key"),
        ("assessments", "id"),
        ("campaigns", "slug"),
    ],
)
def test_every_list_exports_its_page_as_csv(api, path, first_column):
    page = api.get(f"{API}/{path}/").json()["results"]
    response = api.get(f"{API}/{path}/", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row[first_column] for row in rows] == [str(item[first_column]) for item in page]


def test_csv_lists_sources_by_key_and_disarms_formulas(api):
    tie = PoliticalTie.objects.order_by("key").first()
    tie.summary = '=HYPERLINK("http://example.invalid")'
    tie.save()
    response = api.get(f"{API}/political-ties/", {"format": "csv", "page_size": 100})
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows[tie.key]["summary"].startswith("'=")
    assert rows[tie.key]["sources"] == "; ".join(
        s.key for s in tie.sources.order_by("-published", "title", "key")
    )
    assert rows[tie.key]["vendor.slug"] == tie.vendor.slug


def test_detail_endpoints_do_not_export_csv(api):
    response = api.get(f"{API}/vendors/openai/", {"format": "csv"})
    assert response.status_code == 400
    assert errors_of(response)["format"]["accepted"] == ["json"]


HOSTILE = [
    "/assistants/?q=%00",
    "/assistants/?vendor=%00",
    "/assistants/?country=%00%00",
    "/assistants/?ordering=-overall,,name",
    "/assistants/?ordering=%00",
    "/assistants/?min_privacy=1e400",
    "/assistants/?min_privacy=Infinity",
    "/assistants/?page=99999999999999999999999",
    "/assistants/?page_size=1e3",
    "/assistants/%00/",
    "/assistants/%00/alternatives/?weights=privacy:%00",
    "/compare/?assistants=chatgpt,%00",
    "/compare/?assistants=" + ",".join(["chatgpt"] * 5000),
    "/compare/?assistants=chatgpt,claude&weights=privacy:1e308",
    "/compare/?assistants=chatgpt,claude&categories=%00",
    "/deprecations/?model=%00&date_after=0000-00-00",
    "/deprecations/?date_before=99999-01-01",
    "/political-ties/?ordering=-amount&q=%25%25",
    "/assessments/99999999999999999999999/",
    "/assessments/?assistant=%E2%80%AE",
    "/sources/?language=%00",
    "/sources/?format=%00",
]


@pytest.mark.parametrize("path", HOSTILE)
def test_hostile_input_is_never_a_server_error(api, path):
    response = api.get(API + path)
    assert response.status_code < 500
    if response.status_code >= 400 and response["Content-Type"] == "application/json":
        assert errors_of(response)
