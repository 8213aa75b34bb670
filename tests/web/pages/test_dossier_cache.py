"""An assistant's dossier (every criterion answered or not, its retirements, ties, actions and
offers) is built once per state of what it is made from, and shared by its page in every
language and its API detail (catalog.selectors.assistant_dossier, issue 21).

These tests commit their writes (a live catalog), as an editor's publish does: what a
transaction has not committed is never kept.
"""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from catalog.models import Assessment

pytestmark = pytest.mark.django_db(transaction=True)


def read(client, path, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        body = response.content.decode()
    return body, len(context)


def chatgpt_claim():
    return Assessment.objects.published().filter(assistant__slug="chatgpt").exclude(verdict="").first()


def test_the_page_in_another_language_and_the_api_detail_reuse_the_dossier(client, live_catalog):
    claim = chatgpt_claim()
    english, built = read(client, "/en/assistants/chatgpt/")
    french, reused = read(client, "/fr/assistants/chatgpt/")
    detail, detail_queries = read(client, "/api/v1/assistants/chatgpt/", HTTP_ACCEPT="application/json")
    assert escape(claim.verdict) in english and escape(claim.verdict) in french
    assert claim.verdict in detail
    # The dossier's own queries (criteria, evidence and sources, searches, retirements,
    # ties, actions, offers) are the ones a second surface no longer runs.
    assert reused <= built - 8, (built, reused)
    assert detail_queries <= 5, detail_queries


def test_a_committed_publish_shows_in_every_language_and_in_the_api(client, live_catalog):
    read(client, "/en/assistants/chatgpt/")  # the dossier is kept
    claim = chatgpt_claim()
    claim.verdict = "A verdict an editor has just published."
    claim.save()
    for path in ("/en/assistants/chatgpt/", "/fr/assistants/chatgpt/", "/ar/assistants/chatgpt/"):
        assert "A verdict an editor has just published." in read(client, path)[0], path
    detail = read(client, "/api/v1/assistants/chatgpt/", HTTP_ACCEPT="application/json")[0]
    assert "A verdict an editor has just published." in detail


def test_a_publish_about_another_assistant_keeps_this_dossier(client, live_catalog):
    read(client, "/en/assistants/chatgpt/")
    _, built_again = read(client, "/fr/assistants/chatgpt/")
    other = Assessment.objects.published().filter(assistant__slug="claude").first()
    other.note = "A clarified note about Claude."
    other.save()
    _, after_publish = read(client, "/ar/assistants/chatgpt/")
    assert after_publish <= built_again + 1  # at most the scope numbers read anew
