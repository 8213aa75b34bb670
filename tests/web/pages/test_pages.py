"""Pages for people: what each shows, what it costs in queries, how it fails, how it caches."""
import re

import pytest

from catalog.scoring import scores as scoring
from django.utils.html import escape

from catalog.models import (
    CATEGORY_KEYS, Assessment, Assistant, Campaign, Criterion, DeprecationEvent, PoliticalTie, SearchRecord, Status,
    Vendor,
)

PUBLIC_PAGES = [
    "/",
    "/assistants/chatgpt/",
    "/vendors/openai/",
    "/campaigns/quitgpt/",
    "/compare/?assistants=chatgpt,claude,lumo",
    "/compare/",
    "/retirements/",
    "/retirements/feed.atom",
    "/retirements/calendar.ics",
    "/models/gpt-4o/",
    "/methodology/",
    "/switch/",
    "/switch/chatgpt/",
]


def text(response):
    return response.content.decode()


def row_slugs(html):
    return re.findall(r'<th scope="row" data-assistant="([a-z0-9-]+)"', html)


def by_score(key):
    """Slugs ordered as the catalog sorts by a score: enough evidence first, then the band's
    low end, coverage and high end (descending), then name."""
    rows = Assistant.objects.values_list("slug", "name", f"enough_{key}", f"band_low_{key}", f"coverage_{key}", f"band_high_{key}")
    return [row[0] for row in sorted(rows, key=lambda r: (not r[2], -r[3], -r[4], -r[5], r[1]))]


# Each page costs a fixed number of queries (revision + the page's own, prefetches included).
QUERY_BUDGET = {
    # + the assistants offered by "Leaving an assistant?"
    "/": 5,
    "/?q=o&country=US&open_weights=false&min_privacy=10&ordering=privacy": 5,
    # + searched-not-found cells, regulator actions and their sources (offered models: none here)
    "/assistants/chatgpt/": 16,
    # + data-storage sources, regulator actions (no action: no sources query)
    "/vendors/openai/": 14,
    # + what each source says the campaign suggests, and those assistants
    "/campaigns/quitgpt/": 7,
    "/compare/?assistants=chatgpt,claude,lumo,gemini": 6,
    "/retirements/": 6,  # + the vendor and model menus of its filters
    "/retirements/?vendor=openai&model=gpt-4o&surface=api&kind=retired": 6,
    "/models/gpt-4o/": 5,
    "/retirements/feed.atom": 4,  # + when each entry was first recorded (its history)
    "/retirements/calendar.ics": 3,
    "/methodology/": 2,
    "/corrections/new/": 2,
    # the assistant, its alternatives, criteria, evidence and switching facts (with sources),
    # its vendor's ties, its retirements and the ledger of the models it says live on
    "/switch/chatgpt/": 14,
    "/switch/": 2,
}


@pytest.mark.parametrize("path,queries", QUERY_BUDGET.items())
def test_each_page_answers_within_its_query_budget(client, catalog, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        response = client.get(path)
        # Templates evaluate lazily: render fully inside the assertion.
        body = response.content
    assert response.status_code == 200
    assert body


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_set_no_cookie_and_forbid_framing(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/assistants/claude/", "/retirements/", "/methodology/"])
def test_unchanged_pages_answer_304_and_may_be_cached(client, catalog, path):
    first = client.get(path)
    assert "public" in first.headers["Cache-Control"]
    assert "Accept-Language" in first.headers["Vary"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304


def test_an_editorial_change_invalidates_the_page_etag(client, catalog):
    first = client.get("/assistants/claude/")
    vendor = Vendor.objects.get(slug="anthropic")
    vendor.description += " "
    vendor.save()
    again = client.get("/assistants/claude/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 200


def test_pages_never_load_anything_from_another_host(client, catalog):
    for path in PUBLIC_PAGES:
        if not path.endswith("/") and "?" not in path:
            continue
        html = text(client.get(path))
        for attribute in re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html):
            # Our own origin only: relative, or absolute on this host (the oEmbed discovery link).
            assert attribute.startswith(("/", "http://testserver/")), (path, attribute)
        assert "<script" not in html
        assert ' style="' not in html


# The catalog and its filters


def test_catalog_filters_by_minimum_score(client, catalog):
    html = text(client.get("/?min_privacy=60"))
    expected = set(Assistant.objects.filter(score_privacy__gte=60).values_list("slug", flat=True))
    assert expected and set(row_slugs(html)) == expected
    assert 'value="60"' in html  # the form shows the filter in force


def test_catalog_filters_by_country_open_weights_and_search(client, catalog):
    lumo = Assistant.objects.select_related("vendor").get(slug="lumo")
    html = text(client.get(f"/?country={lumo.vendor.country}"))
    assert set(row_slugs(html)) == set(
        Assistant.objects.filter(vendor__country=lumo.vendor.country).values_list("slug", flat=True)
    )
    unknown = set(Assistant.objects.filter(open_weights__isnull=True).values_list("slug", flat=True))
    assert set(row_slugs(text(client.get("/?open_weights=unknown")))) == unknown
    assert row_slugs(text(client.get("/?q=proton"))) == ["lumo"]


def test_catalog_sorts_by_a_category_with_unknown_last(client, catalog):
    assert row_slugs(text(client.get("/?ordering=safety"))) == by_score("safety")
    assert row_slugs(text(client.get("/"))) == by_score("overall")


def test_catalog_says_when_no_assistant_matches(client, catalog):
    html = text(client.get("/?q=no-such-assistant-anywhere"))
    assert "No assistant matches these filters." in html
    assert row_slugs(html) == []


@pytest.mark.parametrize(
    "query,parameter,accepted",
    [
        ("min_privacy=abc", "min_privacy", "a number from 0 to 100"),
        ("min_safety=101", "min_safety", "a number from 0 to 100"),
        ("open_weights=maybe", "open_weights", "true, false, unknown"),
        ("ordering=price", "ordering", "overall, privacy, political_ties, safety, deprecation, name"),
        ("country=ZZ", "country", "US"),
        ("page=0", "page", "a page number from 1"),
        ("page=99", "page", "1 to 1"),
    ],
)
def test_bad_catalog_parameters_get_a_400_naming_them(client, catalog, query, parameter, accepted):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    html = text(response)
    assert f"<code>{parameter}</code>" in html
    assert accepted in html


# Profiles


def test_assistant_page_shows_every_published_assessment_with_sources(client, catalog):
    claude = Assistant.objects.get(slug="claude")
    html = text(client.get("/assistants/claude/"))
    own = claude.assessments.filter(status=Status.PUBLISHED).prefetch_related("sources")
    inherited = claude.vendor.assessments.filter(status=Status.PUBLISHED).exclude(
        criterion__in=own.values("criterion")
    )
    for assessment in [*own, *inherited]:
        assert f'id="criterion-{assessment.criterion.slug}"' in html
        assert escape(assessment.verdict) in html
        for source in assessment.sources.all():
            assert escape(source.title) in html
    assessed = {a.criterion_id for a in [*own, *inherited]}
    for criterion in Criterion.objects.exclude(id__in=assessed):
        # Unassessed criteria are listed as unknown, not hidden; a recorded search is said.
        assert f'<li id="criterion-{criterion.slug}"><span lang="en" dir="auto">{escape(criterion.name)}</span>' in html
    searched = SearchRecord.objects.filter(assistant=claude, criterion__isnull=False, outcome="not_found").exclude(
        criterion__in=assessed
    )
    assert searched.exists()
    assert html.count("and found no source.") >= searched.values("criterion").distinct().count()


def test_assistant_page_shows_its_deprecation_timeline_and_vendor_ties(client, catalog):
    chatgpt = Assistant.objects.get(slug="chatgpt")
    html = text(client.get("/assistants/chatgpt/"))
    events = DeprecationEvent.objects.published().filter(model__in=chatgpt.models_used.all())
    assert events.exists()
    for event in events:
        assert f'id="event-{event.key}"' in html
    ties = PoliticalTie.objects.published().filter(vendor=chatgpt.vendor)
    assert ties.exists()
    for tie in ties:
        assert f'id="tie-{tie.key}"' in html


def test_alpine_page_says_not_enough_evidence_with_its_band(client, catalog):
    alpine = Assistant.objects.get(slug="alpine")
    html = text(client.get("/assistants/alpine/"))
    assert html.count('class="overall-value score-unknown">') == 1
    assert "Alpine has no overall score: not enough evidence." in html
    assert f"between {alpine.band_low_overall:.0f} and {alpine.band_high_overall:.0f}" in html
    assert "chart-band" in html and "chart-unknown" in html  # a range, not a zero bar
    assert "unverified" in html


def test_vendor_page_lists_its_assistants_and_company_wide_evidence(client, catalog):
    openai = Vendor.objects.get(slug="openai")
    html = text(client.get("/vendors/openai/"))
    for assistant in openai.assistants.all():
        assert f'href="/assistants/{assistant.slug}/"' in html
    for assessment in openai.assessments.filter(status=Status.PUBLISHED):
        assert f'id="criterion-{assessment.criterion.slug}"' in html


def test_campaign_page_ranks_its_alternatives_with_its_weights(client, catalog):
    campaign = Campaign.objects.get(slug="quitgpt")
    html = text(client.get("/campaigns/quitgpt/"))
    weights = {key: float(campaign.weights.get(key, 0)) for key in CATEGORY_KEYS}
    alternatives = list(campaign.alternatives.filter(status="active"))
    result = scoring.rank_assistants(alternatives, weights)
    expected = result.ranked + [slug for slug, _ in result.unranked]
    section = html[html.index('id="alternatives-title"'):]
    positions = [section.index(f'href="/assistants/{slug}/"') for slug in expected]
    assert positions == sorted(positions)
    if result.unranked:
        unranked = section[section.index('id="unranked-title"'):]
        for slug, _ in result.unranked:
            assert f'href="/assistants/{slug}/"' in unranked
        assert "is not ranked:" in unranked


@pytest.mark.parametrize("path", ["/assistants/nobody/", "/vendors/nobody/", "/campaigns/nobody/", "/no/such/page/"])
def test_unknown_addresses_get_a_proper_404_page(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    html = text(response)
    assert "Page not found" in html and "Browse the catalog" in html
    assert not response.cookies


def test_the_500_page_renders_without_a_request(catalog):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert '<html lang="en" dir="ltr">' in html


# Methodology


def test_methodology_is_generated_from_every_criterion_and_its_rubric(client, catalog):
    html = text(client.get("/methodology/"))
    for criterion in Criterion.objects.all():
        assert f'id="criterion-{criterion.slug}"' in html
        assert escape(criterion.question) in html
        if criterion.value_type in ("boolean", "choice", "grade"):
            section = html[html.index(f'id="criterion-{criterion.slug}"'):]
            section = section[: section.index("</article>")]
            for value, points in criterion.rubric.items():
                assert value.replace("_", " ") in section
                assert f">{points}</td>" in section


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=o&country=US&open_weights=false&min_privacy=10&ordering=privacy",
        "/assistants/chatgpt/",
        "/vendors/openai/",
        "/compare/?assistants=chatgpt,claude,lumo,gemini",
        "/switch/chatgpt/",
    ],
)
def test_query_counts_do_not_grow_with_the_catalog(client, catalog, django_assert_num_queries, path):
    from django.core.management import call_command

    call_command("seed_synthetic", assistants=300, per_assistant=10, stdout=open("/dev/null", "w"))
    with django_assert_num_queries(QUERY_BUDGET[path]):
        response = client.get(path)
        body = response.content
    assert response.status_code == 200 and body


def test_a_second_reader_gets_the_page_from_the_cache(client, catalog, django_assert_max_num_queries):
    first = client.get("/assistants/chatgpt/").content
    with django_assert_max_num_queries(1):  # the revision only
        again = client.get("/assistants/chatgpt/").content
    assert again == first


def test_catalog_search_matches_every_word_anywhere(client, catalog):
    """The page searches as the API does: each word in the name, vendor or description."""
    assert row_slugs(text(client.get("/?q=proton lumo"))) == ["lumo"]
    assert row_slugs(text(client.get("/?q=proton chatgpt"))) == []


# --- second-round records on the pages (issues 15 and 16) --------------------------------------


def test_sources_show_their_kind_undated_and_the_copy_that_was_read(client, catalog):
    from catalog.models import Source

    copied = Source.objects.exclude(read_via="").filter(assessments__assistant__slug="deepseek").first() or Source.objects.exclude(
        read_via=""
    ).filter(regulator_actions__assistant__slug="deepseek").first()
    html = text(client.get("/assistants/deepseek/"))
    assert copied is not None
    assert f"read in a copy at {copied.read_via_host}" in html
    assert "Aggregator or repost" in html or "Press" in html
    assert ", undated" in html


def test_an_assistant_running_other_makers_models_shows_them_with_terms_and_retirements(client, catalog):
    from catalog.models import OfferedModel

    html = text(client.get("/en/assistants/duck-ai/"))
    assert "Models from other makers" in html
    offers = OfferedModel.objects.published().filter(assistant__slug="duck-ai").select_related("model__vendor", "removed_by")
    for offer in offers:
        assert f'id="offer-{offer.key}"' in html
        assert escape(offer.model.vendor.name) in html
        assert escape(offer.terms) in html
    removed = [offer for offer in offers if offer.removed_by_id]
    assert removed and html.count("Removed by the maker&#x27;s retirement:") + html.count(
        "Removed by the maker's retirement:"
    ) == len(removed)


def test_regulator_actions_show_on_assistant_and_vendor_pages(client, catalog):
    from catalog.models import RegulatorAction

    actions = RegulatorAction.objects.published().filter(vendor__slug="deepseek")
    assistant_html = text(client.get("/en/assistants/deepseek/"))
    vendor_html = text(client.get("/en/vendors/deepseek/"))
    for action in actions:
        assert f'id="action-{action.key}"' in vendor_html
        if action.assistant_id in (None, Assistant.objects.get(slug="deepseek").id):
            assert f'id="action-{action.key}"' in assistant_html
    assert "No regulator action recorded." in text(client.get("/en/assistants/lumo/"))


def test_vendor_pages_say_where_user_data_is_stored_as_sources_state(client, catalog):
    deepseek = Vendor.objects.get(slug="deepseek")
    html = text(client.get("/en/vendors/deepseek/"))
    assert "Where user data is stored" in html and escape(deepseek.data_storage) in html
    for source in deepseek.data_storage_sources.all():
        assert escape(source.title) in html
    assert "Not stated by any source we found" in text(client.get("/en/vendors/alpine-operator-unverified/"))


def test_the_campaign_page_says_what_each_source_says_it_suggests(client, catalog):
    quitgpt = Campaign.objects.get(slug="quitgpt")
    html = text(client.get("/en/campaigns/quitgpt/"))
    assert "What each source says it suggests" in html
    for suggestion in quitgpt.suggestions.select_related("source"):
        assert escape(suggestion.source.title) in html


@pytest.mark.parametrize("language, phrase", [("fr", "Modèles d’autres concepteurs"), ("ar", "نماذج من شركات أخرى"), ("uk", "Моделі інших розробників")])
def test_the_new_sections_speak_every_language(client, catalog, language, phrase):
    html = text(client.get(f"/{language}/assistants/duck-ai/"))
    assert phrase in html


def test_a_claim_not_checked_for_a_year_is_marked_to_readers(client, catalog):
    import datetime

    claim = Assessment.objects.published().filter(assistant__slug="lumo").first()
    html = text(client.get("/en/assistants/lumo/"))
    assert "last checked" in html and "due for a re-check" not in html
    claim.checked = datetime.date.today() - datetime.timedelta(days=400)
    claim.save()
    html = text(client.get("/en/assistants/lumo/"))
    assert html.count("due for a re-check") == 1
