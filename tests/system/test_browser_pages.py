"""The pages in a real browser (Debian's Chromium through Playwright).

Every test records each request the page makes and fails on any outside our origin, on any
console error (Content-Security-Policy violations are reported there) and on horizontal
overflow at phone width. A screenshot of each page goes to test-artifacts/.
"""
import os
import re
from pathlib import Path

import pytest

from catalog.scoring import scores as scoring
from catalog.scoring.scores import evidence_order
from catalog.models import CATEGORY_KEYS, Assistant
from tests.support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "catalog": "/",
    "assistant": "/assistants/chatgpt/",
    "vendor": "/vendors/proton/",
    "compare": "/compare/?assistants=chatgpt,claude,lumo,alpine",
    "retirements": "/retirements/",
    "methodology": "/methodology/",
    "campaign": "/campaigns/quitgpt/",
    "correction": "/corrections/new/?assistant=claude",
    "not-found": "/assistants/nobody/",
    "arabic-catalog": "/ar/",
    "french-assistant": "/fr/assistants/lumo/",
    "ukrainian-compare": "/uk/compare/?assistants=claude,gemini",
}


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


class Watched:
    """A browser page that records requests and console errors."""

    def __init__(self, context, origin):
        self.page = context.new_page()
        self.origin = origin
        self.requests, self.errors = [], []
        self.expected_missing = set()  # addresses opened on purpose to see the 404 page
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def on_console(self, message):
        if message.type != "error":
            return
        if "status of 404" in message.text and message.location.get("url") in self.expected_missing:
            return  # the browser reports the 404 document itself; that is the point of the visit
        self.errors.append(f"{message.text} ({message.location.get('url')})")

    def open(self, path, missing=False):
        if missing:
            self.expected_missing.add(self.origin + path)
        return self.page.goto(self.origin + path)

    def assert_clean(self):
        outside = [url for url in self.requests if not url.startswith(self.origin)]
        assert not outside, f"requests outside the origin: {outside}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def open_page(chromium, live_server, live_catalog):
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = chromium.new_context(viewport=viewport, **options)
        contexts.append(context)
        return Watched(context, live_server.url)

    yield make
    for context in contexts:
        context.close()


def slugs_on(page):
    return page.eval_on_selector_all("th[data-assistant]", "cells => cells.map(c => c.dataset.assistant)")


def test_every_page_is_clean_and_fits_a_phone(open_page):
    ARTIFACTS.mkdir(exist_ok=True)
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        watched = open_page(viewport)
        for name, path in PAGES.items():
            response = watched.open(path, missing=name == "not-found")
            assert response.status == (404 if name == "not-found" else 200), path
            assert watched.page.locator("main h1").count() == 1, path
            watched.page.screenshot(path=str(ARTIFACTS / f"page-{name}-{viewport_name}.png"), full_page=True)
            overflow = watched.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} overflows by {overflow}px at {viewport['width']}px"
        watched.assert_clean()
        cookies = watched.page.context.cookies()
        assert [cookie["name"] for cookie in cookies] == ["csrftoken"]  # from the corrections form only


def test_the_filter_form_narrows_the_catalog(open_page):
    watched = open_page()
    watched.open("/")
    assert sorted(slugs_on(watched.page)) == sorted(Assistant.objects.values_list("slug", flat=True))
    watched.page.get_by_label("Privacy", exact=True).fill("60")
    watched.page.get_by_label("Sort by").select_option("privacy")
    watched.page.get_by_role("button", name="Apply filters").click()
    watched.page.wait_for_url(re.compile(r"min_privacy=60"))
    # min_privacy reads the low end of the privacy band; "best first" is the evidence order.
    expected = list(
        Assistant.objects.filter(band_low_privacy__gte=60)
        .order_by(*evidence_order("privacy"))
        .values_list("slug", flat=True)
    )
    assert expected and slugs_on(watched.page) == expected
    assert watched.page.get_by_label("Privacy", exact=True).input_value() == "60"
    watched.page.get_by_role("link", name="Clear filters").first.click()
    assert len(slugs_on(watched.page)) == Assistant.objects.count()
    watched.assert_clean()


def test_picking_assistants_and_changing_weights_reorders_the_comparison(open_page):
    watched = open_page()
    watched.open("/")
    for slug in ("chatgpt", "claude", "lumo"):
        watched.page.locator(f"#pick-{slug}").check()
    watched.page.get_by_role("button", name="Compare selected").click()
    watched.page.wait_for_url(re.compile(r"/compare/\?assistants="))
    assert all(f"assistants={slug}" in watched.page.url for slug in ("chatgpt", "claude", "lumo"))
    for key in CATEGORY_KEYS:
        watched.page.locator(f"#weight-{key}").fill("1" if key == "deprecation" else "0")
    watched.page.get_by_role("button", name="Update ranking").click()
    watched.page.wait_for_url(re.compile(r"weight_deprecation=1"))
    ranking = watched.page.eval_on_selector_all(".ranking-list li", "items => items.map(i => i.dataset.assistant)")
    weights = {key: (1 if key == "deprecation" else 0) for key in CATEGORY_KEYS}
    scores = {a.slug: scoring.overall_score(a.scores, weights) for a in Assistant.objects.filter(slug__in=["chatgpt", "claude", "lumo"])}
    assert ranking == sorted(scores, key=lambda slug: (scores[slug] is None, -(scores[slug] or 0), slug))
    assert watched.page.locator("#weight-deprecation").input_value() == "1"
    watched.page.screenshot(path=str(ARTIFACTS / "compare-weighted-deprecation.png"), full_page=True)
    watched.assert_clean()


def test_the_arabic_page_is_laid_out_right_to_left(open_page):
    watched = open_page()
    watched.open("/ar/")
    page = watched.page
    assert page.get_attribute("html", "dir") == "rtl"
    width = DESKTOP["width"]
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > width / 2, "the brand should sit at the right edge"
    first_heading = page.locator("table.catalog thead th").nth(1).bounding_box()
    last_heading = page.locator("table.catalog thead th").last.bounding_box()
    assert first_heading["x"] > last_heading["x"], "columns should run from right to left"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    watched.assert_clean()


def test_accept_language_picks_the_language_and_the_switcher_changes_it(open_page):
    watched = open_page(locale="uk-UA", extra_http_headers={"Accept-Language": "uk"})
    watched.open("/methodology/")
    assert watched.page.get_attribute("html", "lang") == "uk"
    watched.page.locator(".language-switcher").get_by_role("link", name="Français").click()
    watched.page.wait_for_url(re.compile(r"/fr/methodology/$"))
    assert watched.page.get_attribute("html", "lang") == "fr"
    assert not watched.page.context.cookies()
    watched.assert_clean()


def test_keyboard_users_can_skip_to_the_content(open_page):
    watched = open_page()
    watched.open("/assistants/claude/")
    watched.page.keyboard.press("Tab")
    assert watched.page.evaluate("document.activeElement.className") == "skip-link"
    watched.page.keyboard.press("Enter")
    watched.page.keyboard.press("Tab")
    # The next stop is inside the main content, not the navigation again.
    assert watched.page.evaluate("document.querySelector('main').contains(document.activeElement)")
    watched.assert_clean()


def test_phone_layout_keeps_words_whole_and_text_readable(open_page):
    """What a phone showed wrong: the home table's caption squeezed into an 82 px column,
    chart labels shrunk to about 11 px, Alpine's overall broken as "Unknow / n"."""
    watched = open_page(PHONE)
    watched.open("/")
    caption, table = watched.page.evaluate(
        "[document.querySelector('table.catalog caption').getBoundingClientRect().width,"
        " document.querySelector('table.catalog').getBoundingClientRect().width]"
    )
    assert caption >= 0.9 * table, f"caption {caption}px in a {table}px table"
    for path in ("/assistants/chatgpt/", "/compare/?assistants=chatgpt,claude,lumo,alpine", "/uk/assistants/lumo/"):
        watched.open(path)
        smallest = watched.page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(text => {
                 const svg = text.ownerSVGElement;
                 const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 return parseFloat(getComputedStyle(text).fontSize) * scale; }))"""
        )
        assert smallest >= 12, f"{path}: chart text at {smallest:.1f}px"
        clipped = watched.page.evaluate(
            """() => [...document.querySelectorAll('svg.chart text')].filter(text => {
                 const box = text.getBBox(); const width = text.ownerSVGElement.viewBox.baseVal.width;
                 return box.x < -0.5 || box.x + box.width > width + 0.5; }).map(text => text.textContent)"""
        )
        assert clipped == [], f"{path}: chart text outside the chart: {clipped}"
    for viewport in (PHONE, DESKTOP):
        watched = open_page(viewport)
        for prefix in ("", "/fr", "/ar", "/uk"):
            watched.open(f"{prefix}/assistants/alpine/")
            lines = watched.page.evaluate(
                """() => { const value = document.querySelector('.overall-value');
                   return Math.round(value.getBoundingClientRect().height / parseFloat(getComputedStyle(value).lineHeight)); }"""
            )
            assert lines == 1, f"{prefix}/assistants/alpine/ overall on {lines} lines at {viewport['width']}px"
    watched.assert_clean()
