"""Showing embeds: scores in the embed's words, and the oEmbed discovery link of our pages.
web/templatetags/embeds.py registers them for templates.
"""

from urllib.parse import urlencode

from django.utils.html import format_html

from edge.conditional import read_url
from web.embeds import labels


def embed_score(value):
    """A score as a whole number, or "unknown" (translated): never 0 for unassessed."""
    return labels.UNKNOWN if value is None else f"{value:.0f}"


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
