"""Showing the catalog honestly: unknown is never 0, a date is never more precise than known.

Plain functions the views import; web/templatetags/candor.py registers them as template filters.
"""
from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.dates import Precision, display_partial
from catalog.rubric import NUMERIC, parse_number
from catalog.scoring.bands import Evidence
from catalog.scoring.scores import stored_evidence
from edge.locale import page_url_in


def _babel_locale():
    try:
        return Locale.parse(get_language() or settings.LANGUAGE_CODE, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(settings.LANGUAGE_CODE)


def band_range(evidence):
    """An evidence band as "32–100" (bands.Evidence); blank without a band."""
    if not isinstance(evidence, Evidence) or evidence.band is None:
        return ""
    return f"{evidence.band.low:.0f}–{evidence.band.high:.0f}"


def score(value):
    """A score as a whole number, or 'Unknown' when nothing is assessed.

    Given a bands.Evidence, the shown score (its band low) only with enough evidence; else
    "not enough evidence" with the band, never a bare number.
    """
    if isinstance(value, Evidence):
        if value.score is not None:
            return f"{value.score:.0f}"
        if value.band is None:
            return _("Unknown")
        return _("Not enough evidence (%(band)s)") % {"band": band_range(value)}
    if value is None:
        return _("Unknown")
    return f"{value:.0f}"


def evidence_of(assistant, key):
    """An assistant's stored bands.Evidence for a category or "overall"."""
    return stored_evidence(assistant)[key]


def score_band(value):
    """A CSS class name for the score's band; unknown has its own, and so has a score without
    enough evidence (no colour that says "good")."""
    if isinstance(value, Evidence):
        value = value.score
    if value is None:
        return "unknown"
    if value >= 70:
        return "good"
    if value >= 40:
        return "mixed"
    return "poor"


def lookup(container, key):
    """container[key] for dicts, getattr otherwise (templates can't index with a variable)."""
    if isinstance(container, dict):
        return container.get(key)
    return getattr(container, key)


def percent(value):
    return f"{round((value or 0) * 100):.0f}%"


def country_name(code):
    """'US' -> 'United States' in the page's language; blank stays blank."""
    if not code:
        return ""
    return _babel_locale().territories.get(code.upper(), code)


def number(value):
    """A number with the page language's grouping: 25000000 -> 25,000,000 (or 25 000 000)."""
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=_babel_locale())


def rubric_value(value, criterion=None):
    """A raw criterion value as a reader sees it: 'opt_out' -> 'opt out', numbers grouped."""
    text = str(value)
    if criterion is not None and criterion.value_type in NUMERIC:
        parsed = parse_number(text)
        if parsed is not None:
            return format_decimal(parsed, locale=_babel_locale())
    return text.replace("_", " ")


def yes_no_unknown(value):
    if value is None:
        return _("Not known")
    return _("Yes") if value else _("No")


def language_links(request):
    """[(code, name, url, is_current)] for the switcher; the same page in each language."""
    current = get_language()
    return [
        (code, name, page_url_in(request, code), code == current)
        for code, name in settings.LANGUAGES
    ]


def partial_date(value, precision):
    """A date stored with its precision, shown no more precisely than it is known."""
    return display_partial(value, precision)


def as_of(value):
    """An as-of date, whose precision is not stored: the first of a month or of a year is
    shown as the month or the year, so a page never shows a day nobody stated."""
    if value is None:
        return ""
    if value.month == 1 and value.day == 1:
        return display_partial(value, Precision.YEAR)
    if value.day == 1:
        return display_partial(value, Precision.MONTH)
    return display_partial(value, Precision.DAY)


def price(fact):
    """A plan's price as a reader sees it: '$20.00 a month', 'Free'; '' when no price is known."""
    if fact.price is None:
        return ""
    if fact.price == 0:
        return _("Free")
    amount = format_currency(fact.price, fact.currency, locale=_babel_locale())
    if fact.period == "month":
        return _("%(amount)s a month") % {"amount": amount}
    if fact.period == "year":
        return _("%(amount)s a year") % {"amount": amount}
    return amount
