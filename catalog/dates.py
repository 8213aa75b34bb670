"""Dates known to a day, a month or a year.

Sources often give "August 2025" or just "2025"; storing those as a full date would invent
a day. We store the first day of the period plus its precision, and format it back honestly.
Every surface reads, writes, shows, counts and spans such dates with the functions here.
"""
import datetime

from django.db import models
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.formats import date_format


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


def parse_partial_date(text):
    """'2025-08-07' | '2025-08' | '2025' -> (date, precision). None/'' -> (None, day)."""
    if text in (None, ""):
        return None, Precision.DAY
    if isinstance(text, datetime.date):
        return text, Precision.DAY
    text = str(text).strip()
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return datetime.date(int(parts[0]), int(parts[1]), int(parts[2])), Precision.DAY
        if len(parts) == 2:
            return datetime.date(int(parts[0]), int(parts[1]), 1), Precision.MONTH
        if len(parts) == 1:
            return datetime.date(int(parts[0]), 1, 1), Precision.YEAR
    except ValueError:
        pass
    raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def iso_partial(value, precision):
    """The inverse of parse_partial_date, for APIs and exports."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def display_partial(value, precision):
    """A localised human form: '7 August 2025', 'August 2025' or '2025'."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def partial_date_properties(name):
    """(iso, display) properties of a model that stores `<name>` and `<name>_precision`.

    Used as `date_iso, date_display = partial_date_properties("date")`.
    """

    def iso(instance):
        return iso_partial(getattr(instance, name), getattr(instance, f"{name}_precision"))

    def display(instance):
        return display_partial(getattr(instance, name), getattr(instance, f"{name}_precision"))

    return property(iso), property(display)


def span(start, precision):
    """(first day, day after the last) of a partial date: August 2025 spans the whole month."""
    if precision == Precision.YEAR:
        return start.replace(month=1, day=1), datetime.date(start.year + 1, 1, 1)
    if precision == Precision.MONTH:
        first = start.replace(day=1)
        following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following
    return start, start + datetime.timedelta(days=1)


def days_until(value, precision, today):
    """Whole days from `today` to `value` (negative when past); None unless known to the day."""
    return (value - today).days if precision == Precision.DAY else None


def not_over(value, precision, today):
    """True while the day, month or year that `value` stands for has not ended before `today`."""
    if precision == Precision.DAY:
        return value >= today
    if precision == Precision.MONTH:
        return (value.year, value.month) >= (today.year, today.month)
    return value.year >= today.year


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when that day does not exist)."""
    import calendar

    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recheck_cutoff(today=None):
    """Claims last checked before this day are due for a re-check (settings.CATALOG_RECHECK_MONTHS)."""
    from django.conf import settings

    today = today or datetime.date.today()
    return months_before(today, getattr(settings, "CATALOG_RECHECK_MONTHS", 12))
# Where a date falls in a timeline: a partial date sorts after every precise date of its
# period, since it may be any of them ("August 2025" after "7 August 2025", "2025" after
# "December 2025"). 13 and 32 stand for "later than any month / day".
UNKNOWN_MONTH, UNKNOWN_DAY = 13, 32


def timeline_position(value, precision):
    """(year, month, day) of a partial date for sorting in Python; see chronological()."""
    if precision == Precision.YEAR:
        return value.year, UNKNOWN_MONTH, UNKNOWN_DAY
    if precision == Precision.MONTH:
        return value.year, value.month, UNKNOWN_DAY
    return value.year, value.month, value.day


def chronological(name="date", *, descending=False, then=()):
    """order_by() expressions that sort a partial date `name` as timeline_position() does,
    followed by the fields in `then` (tie-breakers, such as an explicit order and a key)."""
    month = Case(
        When(**{f"{name}_precision": Precision.YEAR}, then=Value(UNKNOWN_MONTH)),
        default=ExtractMonth(name),
        output_field=IntegerField(),
    )
    day = Case(
        When(**{f"{name}_precision__in": [Precision.YEAR, Precision.MONTH]}, then=Value(UNKNOWN_DAY)),
        default=ExtractDay(name),
        output_field=IntegerField(),
    )
    parts = [ExtractYear(name), month, day]
    if descending:
        ordered = [part.desc() for part in parts]
        ordered += [F(field[1:]).asc() if field.startswith("-") else F(field).desc() for field in then]
        return ordered
    return [*(part.asc() for part in parts), *then]
