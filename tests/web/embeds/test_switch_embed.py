"""The switching kit embed: alternatives with reasons, free tier, price and imports, the first
steps of leaving; framed where its campaign allows."""
import re

import pytest

from catalog import comparison
from catalog.models import Assistant
from tests.support.embeds import compiled_translations, demo_campaign  # noqa: F401 (fixtures)
from tests.web.embeds.test_headers import directives


def card_slugs(html):
    return re.findall(r'<li class="card" data-assistant="([a-z0-9-]+)"', html)


def test_the_kit_ranks_as_the_alternatives_do_with_reasons_and_steps(client, catalog):
    html = client.get("/embed/switch/chatgpt/?weights=privacy:3,safety:1").content.decode()
    chatgpt = Assistant.objects.get(slug="chatgpt")
    weights = {"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1}  # left out: the default 1
    expected = [a.slug for a in comparison.alternatives(chatgpt, weights=weights, limit=3)]
    assert card_slugs(html) == expected
    assert "Better on:" in html and "Free tier" in html and "Imports from ChatGPT" in html
    assert "How to leave" in html and "Settings" in html
    assert "Azure OpenAI" in html and 'datetime="2026-10-01"' in html
    assert 'href="/switch/chatgpt/"' in html


def test_the_kit_speaks_the_language_asked_for(client, catalog):
    response = client.get("/embed/switch/chatgpt/?lang=ar")
    html = response.content.decode()
    assert response["Content-Language"] == "ar" and 'dir="rtl"' in html
    assert "هل تغادر ChatGPT؟" in html and 'href="/ar/switch/chatgpt/"' in html


def test_with_a_campaign_the_kit_is_framed_only_by_its_origins(client, demo_campaign):
    response = client.get(f"/embed/switch/chatgpt/?campaign={demo_campaign.slug}")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'", *demo_campaign.allowed_origins]
    assert "Set-Cookie" not in response and not response.cookies


@pytest.mark.parametrize(
    "url,parameter,status",
    [
        ("/embed/switch/nobody/", "assistant", 404),
        ("/embed/switch/chatgpt/?campaign=nobody", "campaign", 404),
        ("/embed/switch/chatgpt/?weights=privacy:500", "weights", 400),
        ("/embed/switch/chatgpt/?lang=de", "lang", 400),
    ],
)
def test_bad_options_get_a_framable_error_naming_them(client, catalog, url, parameter, status):
    response = client.get(url)
    assert response.status_code == status
    assert parameter in response.content.decode()
    assert "X-Frame-Options" not in response


def test_the_builder_offers_the_kit_and_oembed_resolves_it(client, catalog):
    builder = client.get("/embed/?widget=switch&assistant=chatgpt&lang=fr").content.decode()
    assert 'value="switch"' in builder and "/embed/switch/chatgpt/?lang=fr" in builder
    for url in ("http://testserver/embed/switch/chatgpt/", "http://testserver/fr/switch/chatgpt/"):
        response = client.get("/oembed", {"url": url, "format": "json"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert "/embed/switch/chatgpt/" in body["html"]
