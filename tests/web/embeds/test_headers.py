"""What every embed response promises a host site: framing, caching and privacy headers."""

import pytest

from catalog import revision
from web.embeds.responses import frame_sources


def directives(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


PUBLIC_EMBEDS = [
    "/embed/alternatives/?to=chatgpt",
    "/embed/compare/?assistants=chatgpt,claude",
    "/embed/retirement/gpt-4o/",
    "/embed/assistant/lumo/?theme=dark&lang=ar",
    "/embed/switch/chatgpt/?weights=privacy:3&lang=uk",
]


@pytest.mark.parametrize("url", PUBLIC_EMBEDS)
def test_public_embeds_may_be_framed_by_any_site_and_set_no_cookie(client, catalog, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["*"]
    assert directives(response)["script-src"] == ["'self'"]  # the strict policy stays otherwise
    assert "X-Frame-Options" not in response
    assert "Set-Cookie" not in response and not response.cookies
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Referrer-Policy"] == "no-referrer"
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control
    assert response["ETag"]


def test_campaign_embed_may_be_framed_only_by_the_campaigns_origins(client, demo_campaign):
    response = client.get(f"/embed/campaign/{demo_campaign.slug}/")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'", *demo_campaign.allowed_origins]
    assert "X-Frame-Options" not in response
    assert "Set-Cookie" not in response


def test_campaign_origins_that_could_inject_directives_are_dropped():
    origins = [
        "https://quitgpt.org",
        "http://localhost:8001",
        "https://*.example.org",
        "https://evil.example; script-src *",
        "javascript:alert(1)",
        "*",
        "https://ok.example/path",
    ]
    assert frame_sources(origins) == [
        "'self'",
        "https://quitgpt.org",
        "http://localhost:8001",
        "https://*.example.org",
    ]


def test_other_pages_still_refuse_to_be_framed(client, catalog):
    for url in ["/healthz", "/embed/"]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response)["frame-ancestors"] == ["'none'"]


def test_revalidation_gets_a_304_carrying_the_same_framing_headers(client, demo_campaign):
    url = f"/embed/campaign/{demo_campaign.slug}/?theme=dark"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert directives(again)["frame-ancestors"] == directives(first)["frame-ancestors"]
    assert "X-Frame-Options" not in again
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_etag_depends_on_every_option_and_on_the_catalog_revision(client, catalog):
    etags = {
        client.get(url)["ETag"]
        for url in [
            "/embed/alternatives/?to=chatgpt",
            "/embed/alternatives/?to=chatgpt&lang=fr",
            "/embed/alternatives/?to=chatgpt&theme=dark",
            "/embed/alternatives/?to=chatgpt&limit=2",
            "/embed/alternatives/?to=chatgpt&weights=privacy:1",
        ]
    }
    assert len(etags) == 5
    before = client.get("/embed/alternatives/?to=chatgpt")["ETag"]
    revision.bump()
    after = client.get("/embed/alternatives/?to=chatgpt", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


def test_the_visitors_accept_language_does_not_change_an_embed(client, catalog):
    english = client.get("/embed/alternatives/?to=chatgpt", HTTP_ACCEPT_LANGUAGE="en")
    arabic_reader = client.get("/embed/alternatives/?to=chatgpt", HTTP_ACCEPT_LANGUAGE="ar")
    assert english.content == arabic_reader.content
    assert english["ETag"] == arabic_reader["ETag"]
    assert arabic_reader["Content-Language"] == "en"


def test_errors_are_cached_briefly(client, catalog):
    response = client.get("/embed/alternatives/?to=chatgpt&theme=neon")
    assert response.status_code == 400
    assert "max-age=60" in response["Cache-Control"]
    assert directives(response)["frame-ancestors"] == ["*"]  # the host sees why, not a blank frame


@pytest.mark.parametrize("path", [
    "/embed/alternatives/?to=chatgpt",
    "/embed/compare/?assistants=chatgpt,claude",
    "/embed/assistant/chatgpt/",
])
def test_embeds_answer_only_safe_methods(client, catalog, path):
    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200
