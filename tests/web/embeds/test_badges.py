"""SVG badges: readable by screen readers, honest about unknown scores, right for Arabic."""

import xml.etree.ElementTree as ET

import pytest

from web.embeds import badges
from catalog.models import Assistant

SVG = "{http://www.w3.org/2000/svg}"


def parse(response):
    assert response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def luminance(hex_color):
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_badge_is_an_accessible_image_with_the_score(client, catalog):
    claude = Assistant.objects.get(slug="claude")
    response = client.get("/badge/claude/overall.svg")
    assert response.status_code == 200
    root = parse(response)
    assert root.get("role") == "img"
    label = root.get("aria-label")
    assert claude.name in label
    assert root.find(f"{SVG}title").text == label
    value = f"{claude.band_low_overall:.0f}/100" if claude.enough_overall else "not enough evidence"
    assert texts(root)[1] == value
    assert "Set-Cookie" not in response
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "max-age=300" in response["Cache-Control"] and response["ETag"]


def test_a_score_without_enough_evidence_says_so_in_words_and_not_in_a_good_colour(client, catalog):
    for assistant in Assistant.objects.filter(enough_overall=False):
        root = parse(client.get(f"/badge/{assistant.slug}/overall.svg"))
        assert texts(root)[1] == "not enough evidence"
        assert "not enough evidence" in root.get("aria-label")
        assert f"between {assistant.band_low_overall:.0f} and {assistant.band_high_overall:.0f}" in root.get("aria-label")
        fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
        assert badges.BAND_COLORS["good"] not in fills


def test_arabic_badge_is_translated_right_to_left_and_wide_enough(client, catalog):
    english = parse(client.get("/badge/lumo/privacy.svg"))
    arabic = parse(client.get("/badge/lumo/privacy.svg?lang=ar"))
    group = arabic.find(f"{SVG}g")
    assert group.get("direction") == "rtl"
    label = texts(arabic)[0]
    assert "الخصوصية" in label
    first_text = arabic.find(f"{SVG}g/{SVG}text")
    # The text is fitted to the box computed for it, whatever font renders it.
    assert int(first_text.get("textLength")) == badges.text_width(label)
    assert int(arabic.get("width")) == sum(
        badges.text_width(text) + 2 * badges.PADDING for text in texts(arabic)
    )
    assert english.get("width") != arabic.get("width")


def test_text_width_estimates_follow_the_script():
    assert badges.text_width("") == 0
    assert badges.text_width("iii") < badges.text_width("mmm")
    # Arabic letters get room of their own; vowel marks take none.
    assert badges.text_width("الخصوصية") >= 8 * 6
    assert badges.text_width("مَرحَبًا") == badges.text_width("مرحبا")
    assert badges.text_width("Приватність") > badges.text_width("Privacy")


def test_badge_colours_keep_white_text_readable():
    for color in [badges.LABEL_COLOR, *badges.BAND_COLORS.values()]:
        ratio = (1.05) / (luminance(color) + 0.05)
        assert ratio >= 4.5, color


@pytest.mark.parametrize(
    "url, status, parameter",
    [
        ("/badge/no-such-assistant/privacy.svg", 404, "assistant"),
        ("/badge/claude/happiness.svg", 404, "category"),
        ("/badge/claude/privacy.svg?lang=%3Cscript%3E", 400, "lang"),
    ],
)
def test_bad_badge_requests_still_answer_with_a_badge(client, catalog, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    root = parse(response)
    assert parameter in root.get("aria-label")
    assert b"<script>" not in response.content
    assert "max-age=60" in response["Cache-Control"]


def test_badge_answers_revalidation_with_304(client, catalog):
    first = client.get("/badge/gemini/safety.svg")
    again = client.get("/badge/gemini/safety.svg", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_badge_costs_two_queries(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(2):  # the revision (ETag) and the assistant
        client.get("/badge/chatgpt/political_ties.svg")
