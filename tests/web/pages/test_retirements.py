"""Retirements as a page with countdowns, an Atom feed and an iCalendar file."""
import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from catalog.dates import span as date_span
from web.calendar import MAX_OCTETS, escape_text, fold
from catalog.dates import Precision
from web.feeds import FEED_SIZE
from catalog.models import DeprecationEvent

ATOM = "{http://www.w3.org/2005/Atom}"


def test_timeline_lists_every_published_event(client, catalog):
    html = client.get("/retirements/").content.decode()
    published = DeprecationEvent.objects.published()
    assert published.exists()
    for event in published:
        assert f'id="event-{event.key}"' in html
    for event in DeprecationEvent.objects.exclude(status="published"):
        assert f'id="event-{event.key}"' not in html


def test_countdowns_count_the_days_to_each_scheduled_ending(client, catalog):
    today = timezone.localdate()
    existing = DeprecationEvent.objects.published().first()
    event = DeprecationEvent.objects.create(
        key="test-countdown",
        model=existing.model,
        kind=DeprecationEvent.Kind.SHUTDOWN_SCHEDULED,
        date=today + datetime.timedelta(days=12),
        summary="A test shutdown.",
        confidence="reported",
        status="published",
    )
    event.sources.set(existing.sources.all())  # published records cite a source
    html = client.get("/retirements/").content.decode()
    upcoming = html[html.index('id="upcoming-title"'): html.index('id="timeline-title"')]
    assert f'href="#event-{event.key}"' in upcoming
    assert "in 12 days" in upcoming


def test_the_countdown_page_etag_changes_with_the_day(client, catalog):
    response = client.get("/retirements/")
    assert timezone.localdate().isoformat() in response.headers["ETag"]


def test_atom_feed_is_valid_and_lists_recent_events(client, catalog):
    response = client.get("/retirements/feed.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    expected = min(FEED_SIZE, DeprecationEvent.objects.published().count())
    assert len(entries) == expected
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    newest = DeprecationEvent.objects.published().order_by("-date", "-updated_at", "key").first()
    assert entries[0].find(f"{ATOM}link").attrib["href"].endswith(f"/retirements/#event-{newest.key}")
    assert not response.cookies


def test_feed_speaks_the_language_of_its_prefix(client, catalog):
    root = ET.fromstring(client.get("/fr/retirements/feed.atom").content)
    assert root.find(f"{ATOM}title").text == "Candor : retraits de modèles d’IA"


def test_calendar_follows_rfc_5545(client, catalog):
    response = client.get("/retirements/calendar.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= MAX_OCTETS for line in lines)
    unfolded = body.decode().replace("\r\n ", "").split("\r\n")
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-2] == "END:VCALENDAR"
    published = DeprecationEvent.objects.published()
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == published.count()
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(set(uids)) == len(uids) == published.count()
    assert all(line.endswith("Z") for line in unfolded if line.startswith("DTSTAMP:"))


def test_partial_dates_become_the_whole_month_or_year():
    assert date_span(datetime.date(2025, 8, 1), Precision.MONTH) == (datetime.date(2025, 8, 1), datetime.date(2025, 9, 1))
    assert date_span(datetime.date(2025, 12, 1), Precision.MONTH) == (datetime.date(2025, 12, 1), datetime.date(2026, 1, 1))
    assert date_span(datetime.date(2025, 1, 1), Precision.YEAR) == (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    assert date_span(datetime.date(2026, 2, 13), Precision.DAY) == (datetime.date(2026, 2, 13), datetime.date(2026, 2, 14))


def test_text_values_are_escaped():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


@pytest.mark.parametrize("text", ["x" * 200, "é" * 120, "SUMMARY:" + "Ukrainian: Відкликання моделі " * 5])
def test_long_lines_fold_at_75_octets_without_splitting_characters(text):
    folded = fold(text)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= MAX_OCTETS for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *[part[1:] for part in parts[1:]]]) == text
