"""oEmbed: a Candor address pasted into a CMS becomes the right widget, at a size it accepts."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from catalog.models import Assistant

BASE = "http://testserver"


def oembed(client, url, **params):
    return client.get("/oembed", {"url": url, "format": "json", **params})


def iframe_src(html):
    return re.search(r'<iframe src="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_embed_address_gives_a_rich_iframe_of_that_embed(client, catalog):
    response = oembed(client, f"{BASE}/embed/alternatives/?to=chatgpt&lang=fr")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "1.0" and body["type"] == "rich"
    assert body["provider_name"] == "Candor" and body["provider_url"] == f"{BASE}/"
    chatgpt = Assistant.objects.get(slug="chatgpt")
    assert body["title"] == f"Alternatives à {chatgpt.name}"
    src = iframe_src(body["html"])
    assert src == f"{BASE}/embed/alternatives/?to=chatgpt&lang=fr"
    assert (
        'sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"'
        in body["html"]
    )
    assert "style=" not in body["html"] and "<script" not in body["html"]
    assert f'width="{body["width"]}" height="{body["height"]}"' in body["html"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response


@pytest.mark.parametrize("maxwidth, maxheight", [(320, 200), (100, 50), (2000, 2000)])
def test_maxwidth_and_maxheight_are_never_exceeded(client, catalog, maxwidth, maxheight):
    body = oembed(
        client,
        f"{BASE}/embed/compare/?assistants=claude,lumo",
        maxwidth=maxwidth,
        maxheight=maxheight,
    ).json()
    assert 0 < body["width"] <= maxwidth and 0 < body["height"] <= maxheight
    assert f'width="{body["width"]}" height="{body["height"]}"' in body["html"]


@pytest.mark.parametrize(
    "page, widget_path, query",
    [
        ("/assistants/claude/", "/embed/assistant/claude/", {}),
        ("/fr/assistants/claude/", "/embed/assistant/claude/", {"lang": ["fr"]}),
        ("/compare/?assistants=chatgpt,lumo", "/embed/compare/", {"assistants": ["chatgpt,lumo"]}),
    ],
)
def test_page_addresses_resolve_to_their_widget(client, catalog, page, widget_path, query):
    body = oembed(client, BASE + page).json()
    src = urlsplit(iframe_src(body["html"]))
    assert src.path == widget_path
    assert parse_qs(src.query) == query


def test_campaign_page_resolves_to_the_campaign_widget(client, demo_campaign):
    body = oembed(client, f"{BASE}/campaigns/{demo_campaign.slug}/").json()
    assert body["title"] == demo_campaign.name
    assert urlsplit(iframe_src(body["html"])).path == f"/embed/campaign/{demo_campaign.slug}/"


@pytest.mark.parametrize(
    "url, status",
    [
        ("https://evil.example/embed/alternatives/?to=chatgpt", 404),
        ("http://testserver.evil.example/embed/alternatives/?to=chatgpt", 404),
        ("javascript:alert(1)", 404),
        (f"{BASE}/methodology/", 404),
        (f"{BASE}/embed/alternatives/?to=no-such-assistant", 404),
        (f"{BASE}/embed/retirement/no-such-model/", 404),
        (f"{BASE}/embed/alternatives/?to=chatgpt&theme=neon", 400),
        (f"{BASE}/embed/alternatives/", 400),
        ("", 400),
    ],
)
def test_addresses_without_a_widget_are_refused_naming_url(client, catalog, url, status):
    response = oembed(client, url)
    assert response.status_code == status
    assert response.json()["parameter"] == "url"
    assert "max-age=60" in response["Cache-Control"]


def test_xml_is_not_implemented_and_other_formats_are_refused(client, catalog):
    url = f"{BASE}/embed/alternatives/?to=chatgpt"
    xml = client.get("/oembed", {"url": url, "format": "xml"})
    assert xml.status_code == 501
    assert xml.json()["accepted"] == ["json"]
    yaml = client.get("/oembed", {"url": url, "format": "yaml"})
    assert yaml.status_code == 400
    assert yaml.json() == {
        "parameter": "format",
        "message": "unknown format 'yaml'",
        "accepted": ["json"],
    }


@pytest.mark.parametrize(
    "name, value", [("maxwidth", "wide"), ("maxwidth", "0"), ("maxheight", "-5")]
)
def test_bad_dimensions_are_refused_naming_them(client, catalog, name, value):
    response = oembed(client, f"{BASE}/embed/alternatives/?to=chatgpt", **{name: value})
    assert response.status_code == 400
    assert response.json()["parameter"] == name


def test_oembed_answers_revalidation_with_304(client, catalog):
    first = oembed(client, f"{BASE}/embed/assistant/gemini/")
    again = client.get(
        "/oembed",
        {"url": f"{BASE}/embed/assistant/gemini/", "format": "json"},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304


def test_discovery_link_points_at_oembed_for_the_current_page():
    request = RequestFactory().get("/assistants/claude/")
    html = Template("{% load embeds %}{% oembed_discovery 'Claude' %}").render(
        Context({"request": request})
    )
    page = "http%3A%2F%2Ftestserver%2Fassistants%2Fclaude%2F"
    assert html == (
        '<link rel="alternate" type="application/json+oembed" '
        f'href="http://testserver/oembed?url={page}&amp;format=json" title="Claude">'
    )
