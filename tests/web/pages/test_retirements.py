"""Retirements as a page with countdowns, an Atom feed and an iCalendar file."""
import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from ical.calendar_stream import IcsCalendarStream

from catalog.dates import Precision
from catalog.dates import span as date_span
from catalog.models import DeprecationEvent
from web.calendar import MAX_OCTETS, escape_text, fold
from web.feeds import FEED_SIZE

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
    newest = DeprecationEvent.objects.published().order_by("-updated_at", "key").first()
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
    published = DeprecationEvent.objects.published().filter(date_precision=Precision.DAY)
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


# --- timelines in the order things happened ----------------------------------------------------


def gpt_4o_events(html):
    """The GPT-4o retirement and reinstatement of August 2025, in page order."""
    keys = ["gpt-4o-chatgpt-retired-2025-08", "gpt-4o-chatgpt-reinstated-2025-08"]
    return sorted(keys, key=lambda key: html.index(f'id="event-{key}"'))


def test_an_event_known_to_the_month_comes_after_the_precise_dates_of_that_month(client, catalog):
    """Newest first on /retirements/: the reinstatement ("August 2025") above the retirement
    of 7 August 2025, since it came after it; oldest first in the API."""
    html = client.get("/retirements/").content.decode()
    assert gpt_4o_events(html) == ["gpt-4o-chatgpt-reinstated-2025-08", "gpt-4o-chatgpt-retired-2025-08"]
    rows = client.get("/api/v1/deprecations/", {"model": "gpt-4o", "page_size": 100}).json()["results"]
    keys = [row["key"] for row in rows]
    assert keys.index("gpt-4o-chatgpt-retired-2025-08") < keys.index("gpt-4o-chatgpt-reinstated-2025-08")
    newest = client.get("/api/v1/deprecations/", {"model": "gpt-4o", "ordering": "-date", "page_size": 100}).json()
    assert [row["key"] for row in newest["results"]] == list(reversed(keys))


def test_explicit_order_sorts_events_known_to_the_same_date(client, catalog):
    retired = DeprecationEvent.objects.get(key="gpt-4o-chatgpt-retired-2025-08")
    twin = DeprecationEvent.objects.create(
        key="gpt-4o-test-same-day", model=retired.model, kind=DeprecationEvent.Kind.ANNOUNCED,
        date=retired.date, order=retired.order + 5, summary="Said after.", confidence="reported",
        status="published",
    )
    twin.sources.set(retired.sources.all())
    rows = client.get("/api/v1/deprecations/", {"model": "gpt-4o", "page_size": 100}).json()["results"]
    keys = [row["key"] for row in rows]
    assert keys.index(retired.key) + 1 == keys.index(twin.key)
    assert {row["key"]: row["order"] for row in rows}[twin.key] == retired.order + 5


def test_the_loader_reads_the_order_of_the_fixtures(catalog):
    assert DeprecationEvent.objects.get(key="gpt-4o-chatgpt-reinstated-2025-08").order > 0


# --- feeds that readers' parsers take --------------------------------------------------------


def test_no_title_says_the_same_thing_twice(client, catalog):
    body = client.get("/retirements/calendar.ics").content.decode()
    feed = client.get("/retirements/feed.atom").content.decode()
    assert DeprecationEvent.objects.published().filter(scope="api", surface="api").exists()
    assert "API, API" not in feed and "API\\, API" not in body
    assert "— API<" in feed or "— API</title>" in feed


def test_the_calendar_parses_strictly_and_never_spans_a_month(client, catalog):
    calendar = IcsCalendarStream.calendar_from_ics(client.get("/retirements/calendar.ics").content.decode())
    assert calendar.events
    for event in calendar.events:
        assert (event.dtend - event.dtstart) == datetime.timedelta(days=1), event.summary
    month_only = DeprecationEvent.objects.published().exclude(date_precision=Precision.DAY)
    assert month_only.exists()
    uids = {event.uid for event in calendar.events}
    assert not {f"{event.key}@candor" for event in month_only} & uids


RFC_3339 = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"


def atom_problems(root, now):
    """What RFC 4287 requires of a feed and its entries, as a list of problems."""
    import re

    problems = []

    def dated(element, where):
        text = element.text if element is not None else None
        if not text or not re.fullmatch(RFC_3339, text):
            problems.append(f"{where}: updated/published not RFC 3339: {text!r}")
            return None
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment > now:
            problems.append(f"{where}: dated in the future ({text})")
        return moment

    for name in ("id", "title", "updated"):
        if len(root.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"feed: exactly one atom:{name} required")
    feed_updated = dated(root.find(f"{ATOM}updated"), "feed")
    feed_author = root.find(f"{ATOM}author")
    ids = set()
    for index, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {index}"
        for name in ("id", "title", "updated"):
            if len(entry.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: exactly one atom:{name} required")
        entry_id = entry.findtext(f"{ATOM}id")
        if not entry_id or ":" not in entry_id or entry_id in ids:
            problems.append(f"{where}: id must be a unique absolute IRI ({entry_id!r})")
        ids.add(entry_id)
        updated = dated(entry.find(f"{ATOM}updated"), where)
        if entry.find(f"{ATOM}published") is not None:
            published = dated(entry.find(f"{ATOM}published"), where)
            if published and updated and published > updated:
                problems.append(f"{where}: published after updated")
        if feed_updated and updated and updated > feed_updated:
            problems.append(f"{where}: updated after the feed's updated")
        if entry.find(f"{ATOM}content") is None and not [
            link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"
        ]:
            problems.append(f"{where}: needs content or an alternate link")
        if feed_author is None and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author (nor a feed author)")
    return problems


def test_the_atom_feed_follows_rfc_4287_and_dates_nothing_in_the_future(client, catalog):
    later = DeprecationEvent.objects.published().order_by("-date").first()
    assert later.date > timezone.localdate(), "the catalog has a shutdown ahead"
    response = client.get("/retirements/feed.atom")
    now = timezone.now()
    root = ET.fromstring(response.content)
    assert atom_problems(root, now) == []
    from django.utils.http import parse_http_date

    assert parse_http_date(response.headers["Last-Modified"]) <= now.timestamp()


def test_an_entry_is_dated_when_the_catalog_recorded_or_changed_it(client, catalog):
    event = DeprecationEvent.objects.published().order_by("date").first()
    before = timezone.now()
    event.summary += " (Mended.)"
    event.save()
    root = ET.fromstring(client.get("/retirements/feed.atom").content)
    first = root.findall(f"{ATOM}entry")[0]
    assert first.find(f"{ATOM}link").attrib["href"].endswith(f"#event-{event.key}")
    updated = datetime.datetime.fromisoformat(first.findtext(f"{ATOM}updated"))
    published = datetime.datetime.fromisoformat(first.findtext(f"{ATOM}published"))
    assert updated >= before.replace(microsecond=0) - datetime.timedelta(seconds=1)
    assert published <= updated and published.date() != event.date


# --- filters and a page per model --------------------------------------------------------------


def event_keys(html):
    import re

    return re.findall(r'<li class="event [^"]*" id="event-([a-z0-9-]+)"', html)


@pytest.mark.parametrize(
    "params, lookup",
    [
        ({"vendor": "openai"}, {"model__vendor__slug": "openai"}),
        ({"model": "gpt-4o"}, {"model__slug": "gpt-4o"}),
        ({"surface": "api"}, {"surface": "api"}),
        ({"surface": "cloud"}, {"surface": "cloud"}),
        ({"kind": "retired"}, {"kind": "retired"}),
        ({"vendor": "openai", "surface": "consumer_app", "kind": "retired"},
         {"model__vendor__slug": "openai", "surface": "consumer_app", "kind": "retired"}),
    ],
)
def test_retirements_filter_by_vendor_model_surface_and_kind(client, catalog, params, lookup):
    expected = set(DeprecationEvent.objects.published().filter(**lookup).values_list("key", flat=True))
    everything = DeprecationEvent.objects.published().count()
    assert 0 < len(expected) < everything, "the case must discriminate on the real catalog"
    response = client.get("/retirements/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert set(event_keys(html)) == expected
    # The form shows what was chosen, so a reader can change or clear it.
    for name, value in params.items():
        assert f'<option value="{value}" selected>' in html
    assert 'href="/retirements/">Clear filters</a>' in html


def test_the_retirement_filters_offer_names_and_refuse_unknown_values(client, catalog):
    html = client.get("/retirements/").content.decode()
    assert '<option value="gpt-4o">GPT-4o</option>' in html
    assert '<option value="openai">OpenAI</option>' in html
    assert '<option value="consumer_app">Consumer app</option>' in html
    refused = client.get("/retirements/", {"kind": "vanished", "vendor": "nobody"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "<code>kind</code>" in text and "<code>vendor</code>" in text


@pytest.mark.parametrize("prefix, heading", [("", "Its whole ledger"), ("/fr", "Tout son historique"), ("/ar", "سجلّه الكامل"), ("/uk", "Уся історія")])
def test_a_model_page_shows_its_whole_ledger_in_each_language(client, catalog, prefix, heading):
    response = client.get(f"{prefix}/models/gpt-4o/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    expected = list(
        DeprecationEvent.objects.published().filter(model__slug="gpt-4o").order_by(*DeprecationEvent.NEWEST_FIRST)
        .values_list("key", flat=True)
    )
    assert len(expected) >= 4
    assert event_keys(html) == expected
    assert 'href="' + prefix + '/assistants/chatgpt/"' in html
    assert 'href="' + prefix + '/vendors/openai/"' in html


def test_timelines_link_each_model_to_its_page(client, catalog):
    html = client.get("/retirements/").content.decode()
    assert 'href="/models/gpt-4o/"' in html
    assert 'href="/models/gpt-4o/"' in client.get("/assistants/chatgpt/").content.decode()
    assert client.get("/models/no-such-model/").status_code == 404


def test_the_reinstatement_is_not_disputed_for_its_uncertain_timing(catalog):
    """A record's confidence is about its claim (GPT-4o came back); the timing in doubt is in
    the note."""
    event = DeprecationEvent.objects.get(key="gpt-4o-chatgpt-reinstated-2025-08")
    assert event.confidence != "disputed"
    assert "timing" in event.note
