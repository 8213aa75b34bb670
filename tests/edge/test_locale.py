"""Four languages, chosen by URL prefix or Accept-Language, remembered nowhere (no cookie)."""

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

LANGUAGES = ["fr", "ar", "uk"]


def test_unprefixed_pages_follow_accept_language_without_cookie_or_redirect(client, catalog):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert response.headers["Content-Language"] == "ar"
    assert "Accept-Language" in response.headers["Vary"]
    assert not response.cookies


def test_unsupported_accept_language_falls_back_to_english(client, catalog):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize(
    "prefix,lang,word",
    [("/fr", "fr", "Retraits"), ("/ar", "ar", "المنهجية"), ("/uk", "uk", "Методологія"), ("/en", "en", "Methodology")],
)
def test_a_language_prefix_wins_over_accept_language(client, catalog, prefix, lang, word):
    response = client.get(f"{prefix}/", HTTP_ACCEPT_LANGUAGE="fr" if lang != "fr" else "uk")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert word in html
    assert not response.cookies


def test_arabic_pages_are_right_to_left(client, catalog):
    for path in ["/ar/", "/ar/assistants/claude/", "/ar/compare/?assistants=claude,lumo", "/ar/retirements/"]:
        html = client.get(path).content.decode()
        assert '<html lang="ar" dir="rtl">' in html, path


def test_language_switcher_links_to_the_same_page_in_each_language(client, catalog):
    html = client.get("/compare/?assistants=claude,lumo&x=1").content.decode()
    for code in ["en", "fr", "ar", "uk"]:
        # The options the page reads are kept; one it does not read (x) is not.
        assert f'href="/{code}/compare/?assistants=claude%2Clumo" hreflang="{code}"' in html


def test_links_keep_the_language_the_reader_chose(client, catalog):
    prefixed = client.get("/uk/").content.decode()
    assert 'href="/uk/assistants/claude/"' in prefixed
    assert 'href="/uk/compare/"' in prefixed
    negotiated = client.get("/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert 'href="/assistants/claude/"' in negotiated  # stays negotiated: no prefix imposed


def test_each_language_has_its_own_etag(client, catalog):
    english = client.get("/methodology/")
    french = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="fr")
    assert english.headers["ETag"] != french.headers["ETag"]
    assert client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=english.headers["ETag"]).status_code == 200


def test_catalog_category_labels_and_countries_are_translated(client, catalog):
    html = client.get("/fr/").content.decode()
    assert "Confidentialité" in html and "Liens politiques" in html
    assert "États-Unis" in html  # country names from Babel's CLDR data


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = [
        message.id
        for message in catalog
        if message.id and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    import re

    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    pattern = re.compile(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(pattern.findall(ids[-1])) | set(pattern.findall(ids[0]))
        for string in strings:
            assert set(pattern.findall(string)) <= expected, (language, message.id, string)
