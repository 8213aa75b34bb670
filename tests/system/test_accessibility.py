"""axe-core (PyPI axe-playwright-python, which ships it) in Debian's Chromium finds no serious
or critical violation on any page or embed, in four languages, in light and dark.

One of each kind of document per language (documents.for_browser), each read twice: light,
then dark (prefers-color-scheme) on the same page. Pages answered to a POST (a refused form)
are rendered by Django's test client and served to the browser at their own address.
"""

import os

import pytest

from tests.support import CHROMIUM, CHROMIUM_ARGS
from catalog.releases.build import build_release
from tests.support.releases import releases_root  # noqa: F401 (fixture)
from tests.system.documents import catalog_facts, documents, email_subscription, fetch, for_browser

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
# Light: every rule. Dark: the rules that read colours; the others see the same document.
# Frames are left out: each embed a page frames is checked as a document of its own.
PASSES = {
    "light": {"resultTypes": ["violations"], "iframes": False},
    "dark": {
        "resultTypes": ["violations"],
        "iframes": False,
        "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    },
}


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve_answer(page, url, response):
    """Answer the browser's request for `url` with a response Django already gave."""
    headers = {name: value for name, value in response.items() if name.lower() != "content-length"}

    def fulfil(route):
        route.fulfill(status=response.status_code, headers=headers, body=response.content)

    page.route(url, fulfil, times=1)


def violations(page, options):
    """["rule (impact): target: why"] for each serious or critical violation axe-core finds."""
    results = page.evaluate("options => axe.run(document, options)", options)
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            why = " ".join(node["failureSummary"].split())
            found.append(f"{violation['id']} ({violation['impact']}): {target}: {why}"[:300])
    return found


def summary(found):
    """Each rule once with how many nodes and documents, then every violation."""
    by_rule = {}
    for name, problems in found.items():
        for problem in problems:
            by_rule.setdefault(problem.split(":", 1)[0], set()).add(name)
    lines = [f"{sum(map(len, found.values()))} violations in {len(found)} documents"]
    lines += [
        f"{len(names):4} documents: {rule} (e.g. {', '.join(sorted(names)[:3])})"
        for rule, names in sorted(by_rule.items(), key=lambda item: -len(item[1]))
    ]
    lines += [f"{name}: {problem}" for name, problems in found.items() for problem in problems]
    return "\n".join(lines[:400])


def test_no_serious_or_critical_violation_anywhere(chromium, live_server, live_catalog, releases_root):
    build_release()  # /data/ shows a release's files
    from axe_playwright_python.sync_playwright import Axe

    axe_script = Axe().axe_script
    checked = for_browser(documents(catalog_facts(), email_subscription().confirm_token))
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, errors = [], []
    page.on(
        "request",
        lambda request: request.url.startswith(live_server.url) or outside.append(request.url),
    )
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    found = {}
    try:
        for number, document in enumerate(checked):
            url = live_server.url + document.path
            if document.data:
                serve_answer(page, url, fetch(document, address=f"198.51.100.{number % 250 + 1}"))
            page.emulate_media(color_scheme="light")
            answer = page.goto(url, wait_until="load")
            assert answer.status == document.status, document
            if document.ready:
                page.wait_for_selector(document.ready)
            page.evaluate(axe_script)
            for scheme, options in PASSES.items():
                page.emulate_media(color_scheme=scheme)
                assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                    scheme == "dark"
                )
                problems = violations(page, options)
                if problems:
                    found[f"{document.name} ({scheme})"] = problems
    finally:
        context.close()
    if found:
        pytest.fail(summary(found), pytrace=False)
    assert not outside, outside
