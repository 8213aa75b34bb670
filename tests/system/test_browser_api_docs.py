"""/api/v1/docs/ in Debian's Chromium: Swagger UI renders every operation from our own assets,
with no request leaving our origin and no Content-Security-Policy violation. How fast it
renders is measured by bench/api_docs.py on the production stack (docs/benchmarks.md)."""

import os
from pathlib import Path

import pytest

from tests.support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_swagger_ui_renders_from_our_origin_only(live_server, live_catalog):
    from playwright.sync_api import sync_playwright

    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on(
                "console", lambda message: message.type == "error" and errors.append(message.text)
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{live_server.url}/api/v1/docs/")
            page.wait_for_selector(".opblock-summary-path", timeout=15000)
            public_get = page.locator(".opblock-get", has_text="/api/v1/compare/").first
            locks_on_public_get = public_get.locator(".authorization__btn").count()
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
        finally:
            browser.close()
    assert any("/api/v1/compare/" in path for path in paths)
    assert any(
        "/api/v1/assistants/{slug}/alternatives/" in path.replace("\u200b", "") for path in paths
    )
    outside = [
        url
        for url in requests
        if not url.startswith(live_server.url) and not url.startswith("data:")
    ]
    assert outside == []
    assert errors == []
    assert locks_on_public_get == 0
