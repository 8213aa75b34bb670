"""The widget as a campaign's visitors get it: headless Chromium, host page on another origin.

Candor runs on live_server (http://localhost:<port>); the campaign's site is a small
http.server on 127.0.0.1, a different origin, whose own CSP forbids inline styles and scripts.
"""

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.embeds import listed_slugs
from tests.support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop; Django's ORM calls from the test are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ALLOWED_HOST_PORT = 8001  # the demo campaigns allow http://127.0.0.1:8001
# Runs in every frame before its own scripts: records CSP violations where they happen.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class HostSite:
    """A campaign's web site on another origin, serving one page at /."""

    def __init__(self, port, page, candor):
        self.page = page.encode()
        self.candor = candor
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                # A strict host policy: the loader must work without 'unsafe-inline'.
                self.send_header(
                    "Content-Security-Policy",
                    f"default-src 'self'; script-src {site.candor}; frame-src {site.candor}; "
                    "style-src 'self'; img-src 'self'",
                )
                self.end_headers()
                self.wfile.write(site.page)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def widget(kind, link=None, **options):
    """The host's markup: <div id="widget" data-candor-widget=kind data-...>, with a link."""
    attributes = "".join(
        f' data-{name.replace("_", "-")}="{value}"' for name, value in options.items()
    )
    fallback = f'<a href="{link}">Alternatives to ChatGPT on Candor</a>' if link else ""
    return f'<div id="widget" data-candor-widget="{kind}"{attributes}>{fallback}</div>'


def host_page(candor, widget_markup):
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A campaign's site</title></head>
<body><h1>Our campaign</h1><p>Some text before the widget.</p>
{widget_markup}
<script async src="{candor}/widget.js"></script>
</body></html>"""


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One visit to a host page, recording requests, console messages and cookies."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(**context_options)
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page = self.context.new_page()
        self.requests = []
        self.console = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(message.text))

    def frame(self, selector):
        handle = self.page.wait_for_selector(f"{selector} iframe")
        return handle, handle.content_frame()

    def violations(self):
        return [
            v
            for frame in self.page.frames
            if not frame.url.startswith("chrome-error")
            for v in frame.evaluate("window.__violations || []")
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    visits = []

    def start(**options):
        visits.append(Visit(browser, **options))
        return visits[-1]

    yield start
    for opened in visits:
        opened.close()


def wait_until_fitted(page, handle, frame, attempts=50):
    """True once the iframe is as tall as the widget inside it.

    Polled from Python: the frame is cross-origin, and page.wait_for_function would need
    'unsafe-eval', which neither Candor's nor the host's CSP allows."""
    for _ in range(attempts):
        inside = frame.evaluate(
            "Math.ceil(document.documentElement.getBoundingClientRect().height)"
        )
        if handle.evaluate("frame => frame.getBoundingClientRect().height") == inside:
            return True
        page.wait_for_timeout(100)
    return False


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_loader_embeds_alternatives_from_another_origin_privately(live_server, live_catalog, visit):
    from catalog import comparison
    from catalog.models import Assistant

    candor = live_server.url
    link = f"{candor}/embed/alternatives/?to=chatgpt"
    markup = widget("alternatives", link, to="chatgpt", candor_height=120)
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        tab = visit()
        tab.page.goto(site.url + "/")
        handle, frame = tab.frame("#widget")
        frame.wait_for_selector(".cards")
        assert handle.get_attribute("title") == "Alternatives to ChatGPT on Candor"
        assert (
            handle.get_attribute("sandbox")
            == "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        )

        # It shows the alternatives the catalog ranks, best first.
        chatgpt = Assistant.objects.get(slug="chatgpt")
        expected = [a.slug for a in comparison.alternatives(chatgpt, limit=5)]
        assert listed_slugs(frame.content()) == expected

        # It sized itself: the iframe grew from 120px to exactly the widget's height.
        assert wait_until_fitted(tab.page, handle, frame)
        assert handle.evaluate("frame => frame.getBoundingClientRect().height") > 120

        # Nothing went anywhere but the two origins; nothing was stored; nothing was blocked.
        assert tab.requests and {origin(url) for url in tab.requests} <= {candor, site.url}
        assert any(url.startswith(candor + "/embed/alternatives/") for url in tab.requests)
        assert tab.context.cookies() == []
        assert tab.violations() == []
        assert not [text for text in tab.console if "Content Security Policy" in text]
        screenshot(tab.page, "widget-alternatives.png")


def test_keyboard_reaches_the_links_inside_the_widget(live_server, live_catalog, visit):
    candor = live_server.url
    markup = widget("assistant", assistant="claude")
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        tab = visit()
        tab.page.goto(site.url + "/")
        _handle, frame = tab.frame("#widget")
        frame.wait_for_selector(".scores")
        for _ in range(4):
            tab.page.keyboard.press("Tab")
            if frame.evaluate("document.activeElement.tagName") == "A":
                break
        assert frame.evaluate("document.activeElement.getAttribute('href')").startswith(
            "/assistants/claude/"
        )


def test_campaign_widget_renders_on_an_allowed_origin(
    live_server, demo_campaign, live_catalog, visit
):
    candor = live_server.url
    markup = widget("campaign", campaign=demo_campaign.slug)
    with HostSite(ALLOWED_HOST_PORT, host_page(candor, markup), candor) as site:
        assert site.url in demo_campaign.allowed_origins
        tab = visit()
        tab.page.goto(site.url + "/")
        _handle, frame = tab.frame("#widget")
        frame.wait_for_selector("h1")
        assert frame.inner_text("h1") == demo_campaign.name
        assert tab.violations() == []
        assert {origin(url) for url in tab.requests} <= {candor, site.url}


def test_campaign_widget_is_refused_on_an_origin_the_campaign_does_not_allow(
    live_server, demo_campaign, live_catalog, visit
):
    candor = live_server.url
    markup = widget("campaign", campaign=demo_campaign.slug)
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        assert site.url not in demo_campaign.allowed_origins
        tab = visit()
        with tab.page.expect_console_message(lambda message: "frame-ancestors" in message.text):
            tab.page.goto(site.url + "/")
        handle, frame = tab.frame("#widget")
        tab.page.wait_for_timeout(300)  # give a (wrongly) allowed frame the time to render
        assert frame.query_selector(".candor-embed") is None
        assert handle.evaluate("frame => frame.style.height") == "400px"  # never reported a size


def test_dark_theme_and_arabic_render_right_to_left(live_server, live_catalog, visit):
    candor = live_server.url
    markup = widget("alternatives", to="chatgpt", lang="ar", theme="dark")
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        tab = visit(color_scheme="light")
        tab.page.goto(site.url + "/")
        _handle, frame = tab.frame("#widget")
        frame.wait_for_selector(".cards")
        assert frame.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
            "ar",
            "rtl",
        ]
        assert frame.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert frame.inner_text("h1").startswith("بدائل")
        background = frame.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        red, green, blue = (
            int(part) for part in background[background.index("(") + 1 : -1].split(",")[:3]
        )
        assert red + green + blue < 120, background
        # The overall score sits on the left in right-to-left layout.
        name_x = frame.evaluate(
            "document.querySelector('.card .name').getBoundingClientRect().left"
        )
        score_x = frame.evaluate(
            "document.querySelector('.card .overall').getBoundingClientRect().left"
        )
        assert score_x < name_x
        assert tab.violations() == []
        screenshot(tab.page, "widget-dark-arabic.png")


def test_auto_theme_follows_the_visitors_dark_mode(live_server, live_catalog, visit):
    tab = visit(color_scheme="dark")
    tab.page.goto(f"{live_server.url}/embed/assistant/claude/")
    background = tab.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(23, 23, 27)"


def test_without_javascript_the_host_keeps_a_link_and_the_embed_still_renders(
    live_server, live_catalog, visit
):
    candor = live_server.url
    markup = widget("alternatives", f"{candor}/embed/alternatives/?to=chatgpt", to="chatgpt")
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        tab = visit(java_script_enabled=False)
        tab.page.goto(site.url + "/")
        assert (
            tab.page.get_attribute("#widget a", "href")
            == f"{candor}/embed/alternatives/?to=chatgpt"
        )
        tab.page.goto(f"{candor}/embed/alternatives/?to=chatgpt&theme=dark")
        assert len(tab.page.query_selector_all(".card")) > 0
        assert tab.context.cookies() == []


def test_widget_in_a_hidden_container_sizes_itself_once_shown(live_server, live_catalog, visit):
    candor = live_server.url
    markup = f'<div id="box" hidden>{widget("alternatives", to="chatgpt")}</div>'
    with HostSite(free_port(), host_page(candor, markup), candor) as site:
        tab = visit()
        tab.page.goto(site.url + "/")
        handle = tab.page.wait_for_selector("#widget iframe", state="attached")
        tab.page.evaluate("document.getElementById('box').hidden = false")
        frame = handle.content_frame()
        frame.wait_for_selector(".cards")
        assert wait_until_fitted(tab.page, handle, frame)
        assert 150 < handle.evaluate("frame => frame.getBoundingClientRect().height") < 1500


@pytest.mark.parametrize(
    "path",
    [
        "/embed/alternatives/?to=chatgpt",
        "/embed/compare/?assistants=chatgpt,claude,lumo,gemini,alpine",
    ],
)
def test_embeds_fit_a_narrow_phone_without_sideways_scrolling(
    live_server, live_catalog, visit, path
):
    tab = visit(viewport={"width": 300, "height": 640})
    tab.page.goto(live_server.url + path + "&lang=uk")
    assert tab.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_builder_previews_the_widget_and_copies_the_snippet(
    live_server, demo_campaign, live_catalog, visit
):
    tab = visit(permissions=["clipboard-read", "clipboard-write"])
    tab.page.goto(f"{live_server.url}/embed/?widget=campaign&campaign={demo_campaign.slug}")
    preview = tab.page.wait_for_selector("iframe.preview").content_frame()
    preview.wait_for_selector(".cards")  # the campaign lets Candor itself frame its widget
    tab.page.click("button[data-copy='snippet-loader']")
    tab.page.wait_for_selector("#status-loader:not(:empty)")
    copied = tab.page.evaluate("navigator.clipboard.readText()")
    assert copied == tab.page.input_value("#snippet-loader")
    assert copied.startswith(
        f'<div data-candor-widget="campaign" data-campaign="{demo_campaign.slug}"'
    )
    assert tab.violations() == []


def test_builder_without_javascript_still_gives_the_snippet(live_server, live_catalog, visit):
    tab = visit(java_script_enabled=False)
    tab.page.goto(f"{live_server.url}/embed/")
    tab.page.check("input[name=widget][value=alternatives]")
    tab.page.click("button[type=submit]")
    assert tab.page.locator("#f-model").count() == 0  # one widget at a time
    tab.page.select_option("#f-to", "chatgpt")
    tab.page.select_option("#f-lang", "fr")
    tab.page.fill("#f-weight-privacy", "3")
    tab.page.click("button[type=submit]")
    assert "widget=alternatives" in tab.page.url and tab.page.url.endswith("#snippet")
    assert 'data-to="chatgpt" data-weights="privacy:3" data-lang="fr"' in tab.page.input_value("#snippet-loader")
    assert not tab.page.is_visible("button[data-copy='snippet-loader']")
    # The page opens at the snippet, not 1,300 px above it.
    top = tab.page.evaluate("document.getElementById('snippet').getBoundingClientRect().top")
    assert 0 <= top < 100, f"the snippet starts {top}px down the window"


PLAIN_IFRAMES = {
    "alternatives": "/embed/alternatives/?to=chatgpt",
    "compare": "/embed/compare/?assistants=chatgpt,claude,lumo,gemini",
    "retirement": "/embed/retirement/gpt-4o/",
    "campaign": "/embed/campaign/quitgpt/",
    "assistant": "/embed/assistant/chatgpt/",
}


@pytest.mark.parametrize("kind", PLAIN_IFRAMES)
def test_the_plain_iframe_snippet_is_tall_enough_for_its_widget(live_server, demo_campaign, live_catalog, visit, kind):
    """The snippet without the loader has a fixed height: it must not clip the widget, on a
    phone or a desktop, in any language."""
    from web.embeds.widgets import WIDGETS

    height = WIDGETS[kind].height
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        tab = visit(viewport=viewport)
        for lang in ("en", "fr", "ar", "uk"):
            path = PLAIN_IFRAMES[kind] + ("&" if "?" in PLAIN_IFRAMES[kind] else "?") + f"lang={lang}"
            # The width an iframe of width 100% gets in a page with the usual 16 px margins.
            tab.page.set_viewport_size({"width": viewport["width"] - 32, "height": height})
            tab.page.goto(live_server.url + path)
            needed = tab.page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
            assert needed <= height, f"{kind} needs {needed}px in {lang} at {viewport['width']}px; the snippet gives {height}"
