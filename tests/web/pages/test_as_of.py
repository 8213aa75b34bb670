"""Pages as of a past moment: the old claim, a banner saying which date with a link to today,
links that stay in that moment, a year of caching; and the page of what changed."""
import re
from urllib.parse import quote

import pytest
from django.utils import timezone
from django.utils.html import escape

from catalog.models import Assessment, DeprecationEvent, PoliticalTie, Status

IMMUTABLE = "public, max-age=31536000, immutable"


def text(response):
    return response.content.decode()


def moment(when):
    return quote(when.isoformat())


@pytest.fixture
def edited(catalog):
    """One of ChatGPT's published claims, given a new verdict through the ORM."""
    claim = Assessment.objects.filter(assistant__slug="chatgpt", status=Status.PUBLISHED).order_by("id").first()
    old = claim.verdict
    before = timezone.now()
    claim.verdict = "A verdict written by a test."
    claim.save()
    return {"claim": claim, "old": old, "before": before, "after": timezone.now()}


def test_the_page_as_of_before_an_edit_shows_the_old_claim_and_today_the_new(client, edited):
    then = text(client.get(f"/en/assistants/chatgpt/?as_of={moment(edited['before'])}"))
    now = text(client.get("/en/assistants/chatgpt/"))
    assert escape(edited["old"]) in then and "A verdict written by a test." not in then
    assert "A verdict written by a test." in now
    later = text(client.get(f"/en/assistants/chatgpt/?as_of={moment(edited['after'])}"))
    assert "A verdict written by a test." in later


def test_an_as_of_page_says_which_date_and_links_to_today(client, catalog):
    response = client.get("/en/assistants/chatgpt/?as_of=2001-01-01")
    # Before the catalog's first record, ChatGPT was not in it.
    assert response.status_code == 404
    when = timezone.now()
    html = text(client.get(f"/en/assistants/chatgpt/?as_of={moment(when)}"))
    banner = re.search(r'<p class="notice as-of" role="note">(.*?)</p>', html, re.S).group(1)
    assert "The catalog as published at" in banner
    today = re.search(r'<a href="([^"]+)">See today', banner).group(1)
    assert today.endswith("/en/assistants/chatgpt/") and "as_of" not in today
    assert "as_of" not in text(client.get("/en/assistants/chatgpt/")).split("<main", 1)[1].split("</main>")[0]


def test_links_and_search_forms_of_an_as_of_page_keep_the_moment(client, catalog):
    when = timezone.now()
    label = when.isoformat().replace("+00:00", "Z")
    html = text(client.get(f"/en/?as_of={moment(when)}"))
    assert f'href="/en/assistants/chatgpt/?as_of={quote(label)}"' in html
    assert f'<input type="hidden" name="as_of" value="{label}">' in html
    # Writing is for today: the correction form is not taken into the past.
    profile = text(client.get(f"/en/assistants/chatgpt/?as_of={moment(when)}"))
    assert re.search(r'href="/en/corrections/new/\?assistant=chatgpt"', profile)


def test_a_day_is_shown_as_that_day(client, catalog):
    yesterday = (timezone.now() - timezone.timedelta(days=1)).date()
    html = text(client.get(f"/en/methodology/?as_of={yesterday.isoformat()}"))
    assert "The catalog as published on" in html


def test_a_date_not_yet_past_is_a_400_page_naming_as_of(client, catalog):
    response = client.get("/en/assistants/chatgpt/?as_of=2999-01-01")
    assert response.status_code == 400
    html = text(response)
    assert "as_of" in html and "YYYY-MM-DD" in html


def test_the_arabic_banner_is_in_arabic(client, catalog):
    html = text(client.get(f"/ar/assistants/chatgpt/?as_of={moment(timezone.now())}"))
    banner = re.search(r'<p class="notice as-of" role="note">(.*?)</p>', html, re.S).group(1)
    assert "The catalog" not in banner and re.search(r"[\u0600-\u06FF]", banner)


def test_a_past_page_is_cached_for_a_year_and_revalidates_with_a_304(client, edited):
    url = f"/en/assistants/chatgpt/?as_of={moment(edited['before'])}"
    first = client.get(url)
    assert first["Cache-Control"] == IMMUTABLE
    assert first["ETag"] != client.get("/en/assistants/chatgpt/")["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == IMMUTABLE


def test_the_changes_page_shows_the_claim_before_and_after(client, edited):
    html = text(client.get(f"/en/assistants/chatgpt/changes/?from={moment(edited['before'])}"))
    assert "What changed for ChatGPT" in html
    assert escape(edited["old"]) in html and "A verdict written by a test." in html
    assert html.count('class="change change-changed"') == 1


def test_the_changes_page_refuses_a_bad_date(client, catalog):
    response = client.get("/en/assistants/chatgpt/changes/?from=2999-01-01")
    assert response.status_code == 400 and "from" in text(response)


def test_the_assistant_page_links_to_its_changes(client, catalog):
    assert 'href="/en/assistants/chatgpt/changes/"' in text(client.get("/en/assistants/chatgpt/"))


@pytest.fixture
def tie_and_retirement(catalog):
    """A political tie of ChatGPT's vendor rewritten, and a deprecation event of a model
    ChatGPT runs retracted, through the ORM."""
    tie = PoliticalTie.objects.filter(status=Status.PUBLISHED, vendor__assistants__slug="chatgpt").order_by("key").first()
    event = (
        DeprecationEvent.objects.filter(status=Status.PUBLISHED, model__assistants__slug="chatgpt")
        .select_related("model")
        .order_by("key")
        .first()
    )
    old_summary = tie.summary
    before = timezone.now()
    tie.summary = "A summary written by a test."
    tie.save()
    event.status = Status.RETRACTED
    event.save()
    return {"tie": tie, "old_summary": old_summary, "event": event, "before": before}


def section(html, kind):
    return re.search(rf'<section aria-labelledby="{kind}-title">(.*?)</section>', html, re.S).group(1)


def test_the_changes_page_shows_an_edited_tie_and_a_retracted_deprecation(client, tie_and_retirement):
    html = text(client.get(f"/en/assistants/chatgpt/changes/?from={moment(tie_and_retirement['before'])}"))
    ties = section(html, "political_ties")
    assert "Political ties of its vendor" in ties and ties.count('class="change change-changed"') == 1
    assert escape(tie_and_retirement["old_summary"]) in ties and "A summary written by a test." in ties
    assert escape(tie_and_retirement["tie"].recipient) in ties
    deprecations = section(html, "deprecations")
    assert deprecations.count('class="change change-retracted"') == 1 and "Retracted" in deprecations
    event = tie_and_retirement["event"]
    assert escape(event.model.name) in deprecations and escape(event.summary) in deprecations
    # Both records cite sources; the reader can open them.
    assert ties.count('<details class="sources">') == deprecations.count('<details class="sources">') == 1
    assert "Nothing of this kind was added" in section(html, "switching_facts")
