"""Leaving an assistant, in a real browser: from the home page to a ranked, sourced plan, the
weights form, an alternative's page; screenshots at desktop and phone widths."""
import re

import pytest

from catalog import comparison
from catalog.models import Assistant
from tests.system.test_browser_pages import ARTIFACTS, DESKTOP, PHONE, chromium, open_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def alternatives_on(page):
    return page.eval_on_selector_all("li.alternative", "items => items.map(i => i.dataset.assistant)")


def test_from_the_home_page_to_a_plan_for_leaving_chatgpt(open_page):
    watched = open_page()
    page = watched.page
    watched.open("/")
    page.locator(".main-nav").get_by_role("link", name="Leaving an assistant?").click()
    page.wait_for_url(re.compile(r"/switch/$"))
    page.get_by_role("link", name="Leaving ChatGPT").click()
    page.wait_for_url(re.compile(r"/switch/chatgpt/$"))
    assert page.locator("main h1").inner_text() == "Leaving ChatGPT"

    # The home page's own way in: the picker, without JavaScript's help.
    watched.open("/")
    page.get_by_label("The assistant you are leaving").select_option("chatgpt")
    page.get_by_role("button", name="Show where to go and how").click()
    page.wait_for_url(re.compile(r"/switch/chatgpt/$"))
    assert page.locator("#step-export").count() == 1
    assert "Data controls" in page.locator(".leave-step").first.inner_text()

    for key, value in (("privacy", "1"), ("political_ties", "0"), ("safety", "0"), ("deprecation", "0")):
        page.locator(f"#weight-{key}").fill(value)
    page.get_by_role("button", name="Update ranking").click()
    page.wait_for_url(re.compile(r"weight_privacy=1"))
    chatgpt = Assistant.objects.get(slug="chatgpt")
    weights = {"privacy": 1, "political_ties": 0, "safety": 0, "deprecation": 0}
    shown = alternatives_on(page)
    assert shown == [a.slug for a in comparison.alternatives(chatgpt, weights=weights, limit=len(shown))]
    assert page.locator("#weight-privacy").input_value() == "1"

    first = page.locator("li.alternative").first
    first.locator("h3 a").click()
    page.wait_for_url(re.compile(rf"/assistants/{shown[0]}/$"))
    watched.assert_clean()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_plan_reads_on_desktop_and_phone(open_page, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        watched = open_page(viewport)
        response = watched.open(f"/{lang}/switch/chatgpt/")
        assert response.status == 200
        watched.page.screenshot(path=str(ARTIFACTS / f"switch-chatgpt-{lang}-{name}.png"), full_page=True)
        overflow = watched.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/{lang}/switch/chatgpt/ overflows by {overflow}px at {viewport['width']}px"
        watched.assert_clean()
