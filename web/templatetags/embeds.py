"""Template helpers for embeds, and the oEmbed discovery link for pages."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

from web.embeds import labels
from web.templatetags import candor

register = template.Library()


@register.filter
def embed_score(value):
    """A score as a whole number, or "unknown" (translated): never 0 for unassessed."""
    return labels.UNKNOWN if value is None else f"{value:.0f}"


@register.filter
def band(value):
    return candor.score_band(value)


@register.filter
def embed_percent(value):
    return f"{round((value or 0) * 100):.0f}%"


@register.filter
def as_list(value):
    """Lists stay lists; a single accepted-values description becomes a one-item list."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


@register.simple_tag(takes_context=True)
def oembed_discovery(context, title=""):
    """<link rel="alternate"> announcing the oEmbed version of the current page.

    For pages that have a widget (assistant, comparison, campaign pages); include it in <head>.
    """
    request = context["request"]
    endpoint = request.build_absolute_uri("/oembed")
    query = urlencode({"url": request.build_absolute_uri(), "format": "json"})
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}?{}" title="{}">',
        endpoint,
        query,
        title,
    )
