"""`?as_of=` on every public read: the catalog as it was published at a past moment.

One middleware for every surface (pages, embeds, badges, feeds, API): it parses `as_of`, finds
the snapshot (catalog.timemachine) and routes the request's catalog reads to it, so no view or
serializer knows about history. The answer names the snapshot (its revision, ETag and cache
key; edge.conditional.revision_for), never changes, and so is cached for a year; links inside
an as-of page keep `as_of`, and the page says which date it shows (templates/base.html).
"""
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.html import escape
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from catalog import timemachine
from edge.handlers import refused
from edge.parameters import ParameterError, shown

PARAMETER = "as_of"
IMMUTABLE = "public, max-age=31536000, immutable"


def written_in_the_past():
    return ParameterError(PARAMETER, _("as_of is for reads only: the past cannot be edited"), ["GET", "HEAD"])


def accepted():
    return _("a past date, YYYY-MM-DD (the catalog at the end of that day, UTC), or a past ISO 8601 time")


def _moment_of(text):
    """(moment, label, is_day) of a date or ISO 8601 time, or None when it is neither."""
    try:
        if len(text) == 10:
            day = parse_date(text)
            if day is None:
                return None
            end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, datetime.timezone.utc)
            return end - datetime.timedelta(microseconds=1), day.isoformat(), True
        moment = parse_datetime(text)
        if moment is None:
            return None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.timezone.utc)
        moment = moment.astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError):  # well formed but impossible: 2026-02-30, 9999-12-31
        return None
    return moment, moment.isoformat().replace("+00:00", "Z"), False


def parse_as_of(raw, now=None, parameter=PARAMETER):
    """(moment, label) of `raw`: a date means the end of that day (UTC), a time that moment.

    A moment not yet past is refused: the answer for it could still change.
    """
    now = now or timezone.now()
    parsed = _moment_of((raw or "").strip())
    if parsed is None:
        raise ParameterError(
            parameter, _("%(value)s is not a date or an ISO 8601 time") % {"value": shown(raw)}, accepted()
        )
    moment, label, is_day = parsed
    if moment >= now:
        message = (
            _("%(value)s has not ended yet: the catalog of that day can still change")
            if is_day
            else _("%(value)s is in the future")
        )
        raise ParameterError(parameter, message % {"value": shown(raw)}, accepted())
    return moment, label


CHANGES_DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Window:
    """From one past moment to another, or to now (`end` None): what the changes compare."""

    start: timemachine.Snapshot
    start_label: str
    end: timemachine.Snapshot | None
    end_label: str | None


def changes_window(query, now=None):
    """The Window of `from` and `to` (each like as_of; defaults: the end of the day 30 days
    ago, and now)."""
    now = now or timezone.now()
    # The default is a whole day (the end of the day 30 days ago): one answer all day long.
    default = (now - datetime.timedelta(days=CHANGES_DEFAULT_DAYS)).date().isoformat()
    start, start_label = parse_as_of(query.get("from") or default, now, "from")
    end, end_label = parse_as_of(query.get("to"), now, "to") if query.get("to") else (None, None)
    if end is not None and end <= start:
        raise ParameterError(
            "to", _("to must come after from"), _("a moment after from (%(start)s)") % {"start": start_label}
        )
    end_snapshot = timemachine.snapshot_for(end) if end is not None else None
    return Window(timemachine.snapshot_for(start), start_label, end_snapshot, end_label)


@dataclass(frozen=True)
class AsOf:
    """What a request asked with `as_of`: the snapshot answering it, the date as asked, and
    the address of today's version of the same page."""

    snapshot: timemachine.Snapshot
    label: str
    today_url: str

    @property
    def tag(self):
        # Names the snapshot, and the date as asked (the page shows it): the revision of the
        # answer, in its ETag and cache key.
        return f"s{self.snapshot.key}.{self.label}"

    @property
    def moment(self):
        return self.snapshot.moment

    @property
    def is_day(self):
        return len(self.label) == 10

    @property
    def query(self):
        return urlencode({PARAMETER: self.label})


def _today_url(request):
    kept = [(name, value) for name, values in request.GET.lists() if name != PARAMETER for value in values]
    return request.path + (f"?{urlencode(kept)}" if kept else "")


# Our own reads: not files, the admin, the API's docs, or forms that write (corrections,
# subscriptions), which as_of would refuse. An optional language prefix (/fr/...) first.
OUR_READ = r'/(?!(?:[a-z]{2}/)?(?:static|admin|corrections|subscriptions|confirm|unsubscribe)/|api/v1/(?:schema|docs)/)'
INTERNAL_LINK = re.compile(rf'(<a\b[^>]*?\shref=")({OUR_READ}[^"#]*)(#[^"]*)?(")')
GET_FORM = re.compile(rf'<form\b(?=[^>]*\smethod="get")(?=[^>]*\saction="{OUR_READ})[^>]*>')


def keep_as_of(html, as_of):
    """Links and search forms inside an as-of page lead to the same moment (the link to
    today's version is absolute, so it is left as it is)."""

    def linked(match):
        head, address, fragment, tail = match.groups()
        # The changes page names its own two dates (from, to).
        if "as_of=" in address or address.split("?")[0].endswith("/changes/"):
            return match.group(0)
        joined = "&amp;" if "?" in address else "?"
        return f"{head}{address}{joined}{as_of.query}{fragment or ''}{tail}"

    hidden = f'<input type="hidden" name="{PARAMETER}" value="{escape(as_of.label)}">'
    html = INTERNAL_LINK.sub(linked, html)
    return GET_FORM.sub(lambda match: match.group(0) + hidden, html)


class AsOfMiddleware:
    """Answer a read with `as_of` from the snapshot of that moment; refuse a bad one (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A write is never answered from the past: the API refuses its as_of (api.views.base),
        # after telling a method the resource does not answer (405).
        if PARAMETER not in request.GET or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            moment, label = parse_as_of(request.GET.get(PARAMETER))
        except ParameterError as error:
            return refused(request, error)
        snapshot = timemachine.snapshot_for(moment)
        request.as_of = AsOf(snapshot, label, request.build_absolute_uri(_today_url(request)))
        with timemachine.reading(snapshot):
            response = self.get_response(request)
        return self._for_the_past(request, response)

    def _for_the_past(self, request, response):
        if response.status_code in (200, 304) and "public" in response.get("Cache-Control", ""):
            # Nothing published at a past moment can change any more.
            response["Cache-Control"] = IMMUTABLE
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response.content = keep_as_of(response.content.decode(response.charset), request.as_of).encode(
                response.charset
            )
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
