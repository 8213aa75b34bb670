"""iCalendar (RFC 5545) for deprecation events, written by hand: the format is small.

What the RFC asks and this module does: CRLF line ends, lines folded at 75 octets (never
inside a UTF-8 sequence), TEXT values escaped (backslash, semicolon, comma, newline), a
stable UID per event and a DTSTAMP in UTC. Each entry is an all-day event on a date known to
the day (the caller leaves out the others: spanning their month would fill a calendar).
"""
import datetime

from catalog.dates import span

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value):
    """Escape a TEXT property value (RFC 5545 section 3.3.11)."""
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line):
    """Split a content line into chunks of at most 75 octets; continuations start with a space."""
    chunks, current, size, limit = [], [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def utc_stamp(moment):
    return moment.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_lines(name, entries, *, product_id, stamp):
    """The content lines of a VCALENDAR.

    `entries` yield dicts with uid, date, precision, summary, description, url and
    optionally last_modified (an aware datetime, the event's DTSTAMP; `stamp` otherwise).
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product_id}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        first, after = span(entry["date"], entry["precision"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry['uid']}",
            f"DTSTAMP:{utc_stamp(entry.get('last_modified') or stamp)}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{after:%Y%m%d}",
            f"SUMMARY:{escape_text(entry['summary'])}",
            f"DESCRIPTION:{escape_text(entry['description'])}",
            f"URL:{entry['url']}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return lines


def render_calendar(name, entries, *, product_id, stamp):
    """The whole calendar as text: folded lines, each ended by CRLF."""
    return "".join(fold(line) + CRLF for line in calendar_lines(name, entries, product_id=product_id, stamp=stamp))
