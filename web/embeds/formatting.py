"""Showing embeds: scores in the embed's words, and the oEmbed discovery link of our pages.
web/templatetags/embeds.py registers them for templates.
"""

from urllib.parse import urlencode

from django.utils.html import format_html
from django.utils.translation import pgettext

from catalog.scoring.bands import Evidence

from edge.conditional import read_url
from web.embeds import labels


def embed_score(value):
    """A score as a whole number, or "unknown" (translated): never 0 for unassessed.

    Given a bands.Evidence: its shown score with enough evidence, else "not enough evidence"
    and the band, in words."""
    if isinstance(value, Evidence):
        if value.score is None and value.band is not None:
            return pgettext("embed", "not enough evidence (%(low)s–%(high)s)") % {
                "low": f"{value.band.low:.0f}", "high": f"{value.band.high:.0f}"}
        value = value.score
    return labels.UNKNOWN if value is None else f"{value:.0f}"


def shown(value):
    """The shown number of a score or of a bands.Evidence (None without enough evidence)."""
    return value.score if isinstance(value, Evidence) else value


def ranked_only(cards):
    return [card for card in cards if card.ranked]


def unranked_only(cards):
    return [card for card in cards if not card.ranked]


def as_list(value):
    """Lists stay lists; a single accepted-values description becomes a one-item list."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


def oembed_discovery(request, title=""):
    """<link rel="alternate"> announcing the oEmbed version of the current page.

    For pages that have a widget (assistant, comparison, campaign pages); include it in <head>.
    """
    endpoint = request.build_absolute_uri("/oembed")
    query = urlencode({"url": read_url(request), "format": "json"})
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}?{}" title="{}">',
        endpoint,
        query,
        title,
    )
