"""/embed/: the builder page, with and without JavaScript."""

import html
import re

import pytest

from catalog.models import AIModel


def snippet(page, element_id):
    match = re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1))


def test_empty_builder_asks_first_for_a_widget_and_nothing_else(
    client, catalog, django_assert_num_queries
):
    with django_assert_num_queries(3):  # assistants, models, campaigns
        response = client.get("/embed/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="get"' in page
    for value in ["alternatives", "compare", "retirement", "campaign", "assistant", "badge"]:
        assert f'name="widget" value="{value}"' in page
    assert 'name="action" value="choose"' in page
    for field in ("to", "assistants", "model", "campaign", "assistant", "category", "weights", "limit"):
        assert f'name="{field}"' not in page, field
    assert "Set-Cookie" not in response
    assert "<textarea" not in page


FIELDS_SHOWN = {
    "alternatives": {"to", "limit", "lang", "theme", "weight_privacy", "weight_political_ties", "weight_safety", "weight_deprecation"},
    "compare": {"assistants", "lang", "theme", "weight_privacy", "weight_political_ties", "weight_safety", "weight_deprecation"},
    "retirement": {"model", "lang", "theme"},
    "campaign": {"campaign", "limit", "lang", "theme"},
    "assistant": {"assistant", "lang", "theme"},
    "badge": {"assistant", "category", "lang"},
}


@pytest.mark.parametrize("widget", FIELDS_SHOWN)
def test_choosing_a_widget_shows_its_fields_only(client, catalog, widget):
    response = client.get("/embed/", {"widget": widget, "action": "choose"})
    assert response.status_code == 200
    page = response.content.decode()
    form = page[page.index('<form method="get" action="/embed/#snippet"'):page.index("</form>")]
    names = set(re.findall(r'<(?:input|select)[^>]* name="([a-z_]+)"', form)) - {"widget", "find", "action"}
    assert names == FIELDS_SHOWN[widget]
    assert 'role="alert"' not in page  # choosing is not yet asking for a snippet
    if widget == "retirement":
        gpt4o = AIModel.objects.get(slug="gpt-4o")
        assert f'<option value="gpt-4o">{gpt4o.name}</option>' in page
    # Languages by their names, not their codes.
    assert '<option value="fr" lang="fr">Français</option>' in page
    assert '<option value="uk" lang="uk">Українська</option>' in page


def test_per_category_weights_become_the_weights_parameter(client, catalog):
    page = client.get(
        "/embed/", {"widget": "alternatives", "to": "chatgpt", "weight_privacy": "3", "weight_safety": "0", "weight_deprecation": ""}
    ).content.decode()
    assert 'data-weights="privacy:3,safety:0"' in snippet(page, "snippet-loader")
    assert 'id="f-weight-privacy" name="weight_privacy" type="number" min="0" max="100" step="any" inputmode="decimal" value="3"' in page
    assert 'id="snippet"' in page


def test_the_snippet_form_lands_on_the_snippet(client, catalog):
    page = client.get("/embed/", {"widget": "assistant", "action": "choose"}).content.decode()
    assert '<form method="get" action="/embed/#snippet"' in page
    result = client.get("/embed/", {"widget": "assistant", "assistant": "lumo"}).content.decode()
    assert '<section aria-labelledby="preview-title" id="snippet">' in result


def test_campaign_pages_and_the_footer_link_to_the_builder(client, catalog):
    campaign = client.get("/campaigns/quitgpt/").content.decode()
    assert 'href="/embed/?widget=campaign&amp;campaign=quitgpt#snippet"' in campaign
    assert 'href="/embed/?lang=fr"' in client.get("/fr/methodology/").content.decode()


def test_builder_writes_matching_loader_and_iframe_snippets(client, catalog):
    response = client.get(
        "/embed/",
        {"widget": "alternatives", "to": "chatgpt", "lang": "ar", "theme": "dark", "limit": "3"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    expected_path = "/embed/alternatives/?to=chatgpt&limit=3&lang=ar&theme=dark"
    loader = snippet(page, "snippet-loader")
    assert loader.startswith(
        '<div data-candor-widget="alternatives" data-to="chatgpt" data-limit="3" '
        f'data-lang="ar" data-theme="dark"><a href="http://testserver{expected_path}">'
    )
    assert loader.endswith('<script async src="http://testserver/widget.js"></script>')
    iframe = snippet(page, "snippet-iframe")
    assert f'src="http://testserver{expected_path}"' in iframe
    assert "style=" not in loader + iframe
    assert f'<iframe class="preview" src="{html.escape(expected_path)}"' in page
    assert 'data-copy="snippet-loader"' in page and "hidden>" in page  # copy buttons wait for JS


def test_builder_joins_ticked_assistants_for_a_comparison(client, catalog):
    page = client.get("/embed/?widget=compare&assistants=claude&assistants=lumo").content.decode()
    assert 'data-assistants="claude,lumo"' in snippet(page, "snippet-loader")


def test_builder_writes_a_badge_snippet(client, catalog):
    page = client.get(
        "/embed/", {"widget": "badge", "assistant": "lumo", "category": "privacy", "lang": "uk"}
    ).content.decode()
    badge = snippet(page, "snippet-badge")
    assert 'src="http://testserver/badge/lumo/privacy.svg?lang=uk"' in badge
    assert 'alt="Оцінка «Приватність» для Lumo на Candor"' in badge


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"widget": "poll"}, "widget"),
        ({"widget": "alternatives"}, "to"),
        ({"widget": "alternatives", "to": "chatgpt", "weights": "privacy:lots"}, "weights"),
        ({"widget": "compare", "assistants": "claude"}, "assistants"),
        ({"widget": "retirement", "model": "no-such-model"}, "model"),
        ({"widget": "badge", "assistant": "claude", "category": "mood"}, "category"),
    ],
)
def test_builder_explains_bad_options(client, catalog, query, parameter):
    response = client.get("/embed/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'role="alert"><p>Parameter <code>{parameter}</code>' in page
    assert "<textarea" not in page
