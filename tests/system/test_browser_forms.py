"""Every form a person can send, sent in Debian's Chromium, and what the person then sees.

The catalog filters, the comparison's weights and the builder without JavaScript are sent in
tests/test_browser_pages.py and tests/embeds/test_browser.py; the rest are here. As there,
no request may leave our origin and the console must stay free of errors.
"""

import os
import re

import pytest

from catalog.models import Correction, Subscription
from web.pages.corrections import LIMIT
from tests.support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

CLAIM = "The page says conversations are kept 30 days; the policy now says 90."
SOURCE = "https://example.org/privacy-policy"


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """A page in a fresh browser context that records requests, posts and console errors."""

    def __init__(self, browser, origin, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.origin = origin
        self.outside, self.errors, self.posts = [], [], []
        self.refusals = set()  # statuses the test provokes; the browser logs each as an error
        self.page.on("request", self.on_request)
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def on_request(self, request):
        if not request.url.startswith(self.origin):
            self.outside.append(request.url)
        if request.method == "POST":
            self.posts.append(request.headers.get("origin"))

    def on_console(self, message):
        if message.type != "error":
            return
        if any(f"status of {status}" in message.text for status in self.refusals):
            return
        self.errors.append(f"{message.text} ({message.location.get('url')})")

    def open(self, path):
        return self.page.goto(self.origin + path)

    def send(self, button):
        """Click a submit button and wait for the answer; returns its HTTP status."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        return navigation.value.status

    def assert_clean(self):
        assert not self.outside, f"requests outside the origin: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"
        # Each form's POST told the server where it came from (no Origin: null).
        assert all(origin == self.origin for origin in self.posts), self.posts


@pytest.fixture
def tab(chromium, live_server, live_catalog):
    tabs = []

    def make(**options):
        tabs.append(Tab(chromium, live_server.url, **options))
        return tabs[-1]

    yield make
    for opened in tabs:
        opened.context.close()


def fill_correction(page, claim=CLAIM):
    page.get_by_label("What is wrong or missing?").fill(claim)
    page.get_by_label("Address of a source that shows it").fill(SOURCE)


def typed_text_is_still_there(page, claim=CLAIM):
    assert page.locator("#id_assistant").input_value() == "claude"
    assert page.locator("#id_claim").input_value() == claim
    assert page.locator("#id_source_url").input_value() == SOURCE


def test_a_correction_is_sent_and_thanked_for(tab):
    browser = tab()
    browser.open("/corrections/new/?assistant=claude")
    fill_correction(browser.page)
    assert browser.send("Send the correction") == 200  # after the 303
    assert browser.page.url.endswith("/corrections/new/?sent=1")
    thanks = browser.page.get_by_role("status")
    assert "Thank you. Your correction is waiting for an editor." in thanks.inner_text()
    correction = Correction.objects.get()
    assert (correction.assistant.slug, correction.claim, correction.source_url) == (
        "claude",
        CLAIM,
        SOURCE,
    )
    assert correction.review == Correction.Review.PENDING
    browser.assert_clean()


def test_past_the_limit_the_form_says_so_and_keeps_the_text(tab):
    browser = tab(locale="fr-FR")
    browser.refusals.add(429)
    for number in range(LIMIT):
        browser.open("/fr/corrections/new/?assistant=claude")
        browser.page.get_by_label("Qu’est-ce qui est faux ou manquant ?").fill(
            f"{CLAIM} ({number})"
        )
        browser.page.get_by_label("Adresse d’une source qui le montre").fill(SOURCE)
        assert browser.send("Envoyer la correction") == 200
    browser.open("/fr/corrections/new/?assistant=claude")
    browser.page.get_by_label("Qu’est-ce qui est faux ou manquant ?").fill(CLAIM)
    browser.page.get_by_label("Adresse d’une source qui le montre").fill(SOURCE)
    assert browser.send("Envoyer la correction") == 429
    alert = browser.page.get_by_role("alert").inner_text()
    assert "Trop de corrections à la fois" in alert and re.search(r"\d+ minutes?", alert)
    typed_text_is_still_there(browser.page)
    assert Correction.objects.count() == LIMIT
    browser.assert_clean()


def test_an_expired_form_keeps_the_text_and_goes_through_when_sent_again(tab):
    browser = tab()
    browser.refusals.add(403)
    browser.open("/corrections/new/?assistant=claude")
    browser.context.clear_cookies()  # the security cookie is gone, as after a long pause
    fill_correction(browser.page)
    assert browser.send("Send the correction") == 403
    alert = browser.page.get_by_role("alert").inner_text()
    assert "The form expired" in alert and "Your text is kept below" in alert
    typed_text_is_still_there(browser.page)
    assert not Correction.objects.exists()
    assert browser.send("Send the correction") == 200
    assert (
        "Your correction is waiting for an editor"
        in browser.page.get_by_role("status").inner_text()
    )
    assert Correction.objects.get().claim == CLAIM
    browser.assert_clean()


def test_an_editor_logs_in_to_the_admin(tab, django_user_model):
    django_user_model.objects.create_user(
        "ada", password="a long passphrase for the test", is_staff=True
    )
    browser = tab()
    browser.open("/admin/")
    assert "/admin/login/" in browser.page.url
    browser.page.get_by_label("Username").fill("ada")
    browser.page.get_by_label("Password").fill("a long passphrase for the test")
    assert browser.send("Log in") == 200
    assert browser.page.url.endswith("/admin/")
    assert browser.page.get_by_role("heading", name="Site administration").is_visible()
    assert "ada" in browser.page.locator("#user-tools").inner_text().lower()
    browser.assert_clean()


def test_a_subscriber_confirms_then_unsubscribes(tab):
    subscription = Subscription.objects.create(
        channel=Subscription.Channel.EMAIL, email="reader@example.org", follows_all=True
    )
    browser = tab()
    browser.open(f"/subscriptions/confirm/{subscription.confirm_token}/")
    assert "Send Candor alerts to reader@example.org?" in browser.page.locator("main").inner_text()
    assert browser.send("Confirm") == 200
    assert (
        "Confirmed: alerts will be sent to reader@example.org."
        in browser.page.locator("main").inner_text()
    )
    subscription.refresh_from_db()
    assert subscription.confirmed and subscription.active

    browser.open(f"/subscriptions/unsubscribe/{subscription.confirm_token}/")
    assert browser.send("Unsubscribe") == 200
    assert "Unsubscribed: nothing more will be sent." in browser.page.locator("main").inner_text()
    subscription.refresh_from_db()
    assert not subscription.active
    browser.assert_clean()


def test_the_comparisons_picker_changes_the_assistants(tab):
    browser = tab()
    browser.open("/compare/?assistants=chatgpt,claude")
    browser.page.locator("#compare-claude").uncheck()
    browser.page.locator("#compare-lumo").check()
    browser.page.locator("#compare-confer").check()
    assert browser.send("Compare") == 200
    # Ranked and unranked (not enough evidence, listed after) together: the three chosen.
    listed = browser.page.eval_on_selector_all(
        ".ranking-list li, .unranked-list li", "items => items.map(i => i.dataset.assistant)"
    )
    assert sorted(listed) == ["chatgpt", "confer", "lumo"]
    browser.assert_clean()


def test_the_builder_with_javascript_previews_the_chosen_widget(tab):
    from catalog.models import AIModel

    model = AIModel.objects.get(slug="gpt-4o")
    browser = tab()
    browser.open("/embed/")
    browser.page.get_by_role("radio", name="Retirement countdown").check()
    assert browser.send("Next: its options") == 200
    assert browser.page.locator("#f-to").count() == 0  # only the countdown's fields
    browser.page.locator("#f-model").select_option(model.slug)
    assert browser.send("Show the snippet") == 200
    preview = browser.page.wait_for_selector("iframe.preview").content_frame()
    preview.wait_for_selector("h1")
    assert model.name in preview.inner_text("h1")
    assert f'data-model="{model.slug}"' in browser.page.input_value("#snippet-loader")
    browser.assert_clean()
