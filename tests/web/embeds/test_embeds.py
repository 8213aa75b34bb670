"""The embed pages: what a campaign's visitors see inside the iframe."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.html import escape

from catalog import comparison, revision
from edge import parameters
from web.embeds import labels
from web.embeds.countdown import retirement_countdown
from catalog.models import CATEGORY_KEYS, AIModel, Assistant, Campaign, Vendor
from tests.support.embeds import listed_slugs
from tests.support import WARM_REVISION_QUERIES

MAX_EMBED_BYTES = 25 * 1024


def embed_urls(campaign):
    return [
        "/embed/alternatives/?to=chatgpt",
        "/embed/compare/?assistants=chatgpt,claude,lumo,alpine",
        "/embed/retirement/gpt-4o/",
        f"/embed/campaign/{campaign.slug}/",
        "/embed/assistant/claude/",
        "/embed/switch/chatgpt/",
    ]


def static_bytes(html):
    """Bytes of the stylesheets and scripts an embed page loads (all from /static/)."""
    paths = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert paths, "an embed loads its own CSS and resize script"
    total = 0
    for path in paths:
        with open(finders.find(path), "rb") as handle:
            total += len(handle.read())
    return total


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_embed_page_weighs_at_most_25_kb_with_its_css_and_js(client, demo_campaign, lang):
    for url in embed_urls(demo_campaign):
        response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert len(response.content) + static_bytes(html) <= MAX_EMBED_BYTES, url


def test_embeds_work_without_javascript_and_without_inline_code(client, demo_campaign):
    """Content is server-rendered; the only script is a static file; no inline style or handler."""
    for url in embed_urls(demo_campaign):
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script([^>]*)>", html)
        assert scripts == [' src="/static/embed/resize.js" defer'], url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        loaded = re.findall(
            r'<(?:link|script|img|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html
        )
        assert loaded and all(
            address.startswith("/") and not address.startswith("//") for address in loaded
        ), url


def test_alternatives_rank_other_vendors_as_the_comparison_does(client, catalog):
    chatgpt = Assistant.objects.get(slug="chatgpt")
    html = client.get(
        "/embed/alternatives/?to=chatgpt&weights=privacy:3,safety:1&limit=3"
    ).content.decode()
    expected = [
        a.slug
        for a in comparison.alternatives(
            chatgpt, {"privacy": 3, "safety": 1, "political_ties": 1, "deprecation": 1}, limit=3
        )
    ]
    assert listed_slugs(html) == expected
    assert len(expected) == 3
    same_vendor = set(
        Assistant.objects.filter(vendor=chatgpt.vendor).values_list("slug", flat=True)
    )
    assert not same_vendor & set(listed_slugs(html))
    assert "×" not in html
    assert "Ranked by weighted score: Privacy 50%, Political ties 17%, Safety 17%, Deprecation 17%." in html


def test_embed_weights_are_said_in_words_with_what_is_left_out(client, catalog):
    html = client.get("/embed/alternatives/?to=chatgpt&weights=privacy:3,safety:0").content.decode()
    assert "Ranked by weighted score: Privacy 60%, Political ties 20%, Deprecation 20%. Left out: Safety." in html
    french = client.get("/embed/alternatives/?to=chatgpt&weights=privacy:3,safety:0&lang=fr").content.decode()
    assert "Confidentialité 60" in french and "Ranked by" not in french


def test_api_alternatives_keep_the_default_weight_of_a_category_left_out(client, catalog):
    chatgpt = Assistant.objects.get(slug="chatgpt")
    rows = client.get("/api/v1/assistants/chatgpt/alternatives/", {"weights": "privacy:3", "page_size": 100}).json()
    expected = comparison.alternatives(chatgpt, {"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1})
    assert [row["slug"] for row in rows["results"]] == [a.slug for a in expected]


def test_scores_without_enough_evidence_read_so_never_zero(client, catalog):
    unknown = Assistant.objects.filter(enough_overall=False).first()
    assert unknown is not None, "the catalog holds an assistant without enough evidence"
    html = client.get(f"/embed/assistant/{unknown.slug}/").content.decode()
    shown = re.findall(r'<dd class="band-([a-z]+)">([^<]+)</dd>', html)
    for key, (css_class, value) in zip([*CATEGORY_KEYS, "overall"], shown):
        if getattr(unknown, f"enough_{key}"):
            assert value == f"{getattr(unknown, f'band_low_{key}'):.0f}"
        else:
            low, high = getattr(unknown, f"band_low_{key}"), getattr(unknown, f"band_high_{key}")
            assert value == f"not enough evidence ({low:.0f}–{high:.0f})"
            assert css_class == "unknown"


def test_compare_embed_orders_by_the_comparison_ranking(client, catalog):
    slugs = ["chatgpt", "claude", "lumo", "alpine"]
    html = client.get(
        "/embed/compare/", {"assistants": ",".join(slugs), "weights": "political_ties:2,privacy:1"}
    ).content.decode()
    ranking = comparison.compare(
        slugs, weights=parameters.parse_weights("political_ties:2,privacy:1")
    ).ranking
    assert listed_slugs(html) == ranking


def test_campaign_embed_uses_the_campaigns_assistants_weights_and_theme(client, demo_campaign):
    html = client.get(f"/embed/campaign/{demo_campaign.slug}/").content.decode()
    leaving = {a.slug for a in demo_campaign.leave.all()}
    recommended = {a.slug for a in demo_campaign.alternatives.all()}
    shown = listed_slugs(html)
    assert shown and not leaving & set(shown)
    if recommended:
        assert set(shown) <= recommended
    assert f'data-theme="{demo_campaign.theme}"' in html
    assert demo_campaign.name in html


def test_campaign_embed_refuses_a_language_the_campaign_does_not_offer(client, demo_campaign):
    offered = [code for code in demo_campaign.languages if code in ("en", "fr", "ar", "uk")]
    refused = next((code for code in ("uk", "ar", "fr", "en") if code not in offered), None)
    if refused is None:  # a campaign offering all four languages: "de" is refused by everyone
        refused = "de"
    response = client.get(f"/embed/campaign/{demo_campaign.slug}/?lang={refused}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>lang</code>" in html
    for code in offered:
        assert f"<code>{code}</code>" in html


@pytest.mark.parametrize(
    "lang, direction, title",
    [
        ("fr", "ltr", "Alternatives à ChatGPT"),
        ("ar", "rtl", "بدائل ChatGPT"),
        ("uk", "ltr", "Альтернативи ChatGPT"),
    ],
)
def test_embed_speaks_the_language_asked_for(client, catalog, lang, direction, title):
    response = client.get(f"/embed/alternatives/?to=chatgpt&lang={lang}", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert f"<h1>{title}</h1>" in html
    assert response["Content-Language"] == lang


def test_language_codes_are_normalised_before_the_allowlist(client, catalog):
    html = client.get("/embed/alternatives/?to=chatgpt&lang=FR-ca").content.decode()
    assert '<html lang="fr"' in html


@pytest.mark.parametrize(
    "theme, scheme", [("dark", "dark"), ("light", "light"), ("auto", "light dark")]
)
def test_theme_sets_the_palette_and_colour_scheme(client, catalog, theme, scheme):
    html = client.get(f"/embed/assistant/claude/?theme={theme}").content.decode()
    assert f'data-theme="{theme}"' in html
    assert f'<meta name="color-scheme" content="{scheme}">' in html


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/embed/alternatives/?to=%3Cscript%3Ealert(1)%3C/script%3E", "to"),
        ("/embed/alternatives/?to=chatgpt&lang=%3Csvg%20onload=alert(1)%3E", "lang"),
        ("/embed/alternatives/?to=chatgpt&theme=dark%22%3E%3Cscript%3E", "theme"),
        ("/embed/alternatives/?to=chatgpt&limit=-1", "limit"),
        ("/embed/alternatives/?to=chatgpt&limit=many", "limit"),
        ("/embed/alternatives/?to=chatgpt&weights=privacy:1e9", "weights"),
        ("/embed/alternatives/?to=chatgpt&weights=%3Cb%3E:1", "weights"),
        ("/embed/alternatives/?to=chatgpt&min_privacy=101", "min_privacy"),
        ("/embed/alternatives/", "to"),
        ("/embed/compare/?assistants=chatgpt", "assistants"),
        ("/embed/compare/?assistants=chatgpt,%3Cimg%20src=x%3E", "assistants"),
    ],
)
def test_hostile_or_malformed_options_are_refused_and_escaped(client, catalog, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<code>{parameter}</code>" in html
    assert (
        "<script>" not in html and "<svg" not in html and "<img" not in html and "<b>" not in html
    )
    assert "Cache-Control" in response and "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/embed/alternatives/?to=no-such-assistant", "to"),
        ("/embed/retirement/no-such-model/", "model"),
        ("/embed/campaign/no-such-campaign/", "campaign"),
        ("/embed/assistant/no-such-assistant/", "assistant"),
    ],
)
def test_unknown_subjects_are_a_framable_404_naming_the_parameter(client, catalog, url, parameter):
    response = client.get(url)
    assert response.status_code == 404
    assert f"<code>{parameter}</code>" in response.content.decode()
    assert "X-Frame-Options" not in response


def test_retirement_embed_counts_days_from_the_absolute_date(client, catalog):
    model = AIModel.objects.get(slug="gpt-4o")
    events = list(model.deprecations.published())
    today = timezone.now().date()
    countdown = retirement_countdown(model, events, today)
    assert countdown is not None, "gpt-4o has a recorded retirement"
    html = client.get("/embed/retirement/gpt-4o/").content.decode()
    assert f'<time datetime="{countdown.iso}">' in html
    if countdown.days_ago:
        assert re.search(rf"Retired {countdown.days_ago} days? ago", html)
    elif countdown.upcoming and countdown.days:
        assert re.search(rf"Retires in {countdown.days} days?", html)
    if countdown.event:
        where = " · ".join(str(place) for place in labels.where(countdown.event))
        assert f'<span class="where">({where})</span>' in html
    for event in events:
        assert f'<time datetime="{event.date_iso}">' in html
        for source in event.sources.all():
            assert escape(source.title) in html


def test_countdown_picks_the_next_scheduled_end_then_the_past_one(catalog):
    model = AIModel.objects.get(slug="gpt-4o")
    events = list(model.deprecations.published())
    day = model.retired
    assert day is not None
    before = retirement_countdown(model, events, day.replace(year=day.year - 1))
    assert before.upcoming and before.days > 0
    on_the_day = retirement_countdown(model, events, day)
    assert on_the_day.upcoming and on_the_day.days == 0
    last_end = max(e.date for e in events if e.kind in ("retired", "shutdown_scheduled"))
    after = retirement_countdown(model, events, last_end.replace(year=last_end.year + 1))
    assert not after.upcoming and after.day == day and after.days_ago > 365
    assert after.event is None or after.event.date == day


def test_embed_queries_stay_constant_as_the_catalog_grows(
    client, catalog, django_assert_num_queries, demo_campaign
):
    urls = embed_urls(demo_campaign)

    def count_queries():
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # measure the work, not the response cache
        revision.forget()  # and start each round from the same revision state
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            counts.append(len(context))
        return counts

    # Once read, the revision is remembered by the process, and with it every scope's number
    # (catalog.scopes): a warm read costs no query for them.
    revision.current()
    revision.scope_numbers([revision.EVERYTHING])
    with django_assert_num_queries(WARM_REVISION_QUERIES + 1):  # the assistant with its vendor
        client.get("/embed/assistant/claude/?lang=fr")
    with django_assert_num_queries(WARM_REVISION_QUERIES):  # again: only the response cache
        client.get("/embed/assistant/claude/?lang=fr")

    revision.bump()  # both rounds run in a transaction that has bumped: revision read each time
    before = count_queries()
    vendor = Vendor.objects.create(slug="test-bulk-vendor", name="Bulk test vendor")
    Assistant.objects.bulk_create(
        Assistant(slug=f"bulk-{n}", name=f"Bulk {n}", vendor=vendor) for n in range(60)
    )
    assert count_queries() == before
    print("queries per embed:", dict(zip(urls, before)))
    # alternatives: the revision (ETag), the assistant left, the ranked alternatives.
    assert before[0] == 3


def test_campaign_weights_keep_the_default_of_unnamed_categories(catalog):
    from web.embeds.views import campaign_weights

    campaign = Campaign(weights={"privacy": 2, "safety": 0})
    assert campaign_weights(campaign) == {
        "privacy": 2.0,
        "political_ties": 1.0,
        "safety": 0.0,
        "deprecation": 1.0,
    }
    assert campaign_weights(Campaign(weights={})) == {
        "privacy": 1,
        "political_ties": 1,
        "safety": 1,
        "deprecation": 1,
    }


def test_a_long_history_shows_its_latest_events_within_the_size_budget(client, catalog):
    from web.embeds.views import MAX_EVENTS
    from catalog.models import DeprecationEvent, Source

    model = AIModel.objects.get(slug="gpt-4o")
    source = Source.objects.order_by("key").first()
    shown_before = model.deprecations.published().count()
    for n in range(MAX_EVENTS):
        event = DeprecationEvent.objects.create(
            key=f"test-long-history-{n}",
            model=model,
            kind=DeprecationEvent.Kind.EXTENDED,
            date=model.retired.replace(year=model.retired.year - 5, day=1 + n),
            summary="A test event, long enough to weigh something. " * 4,
            confidence="reported",
            status="published",
        )
        event.sources.add(source)
    response = client.get("/embed/retirement/gpt-4o/?lang=uk")
    html = response.content.decode()
    assert html.count("<li><time") == MAX_EVENTS
    assert f"{shown_before} попередн" in html  # the older events are counted, not listed
    assert len(response.content) + static_bytes(html) <= MAX_EMBED_BYTES
