"""{% load embeds %}: the embeds' formatting helpers (web/embeds/formatting.py) for templates.

A leaf: views import web.embeds.formatting directly, never this module.
"""
from django import template

from web import formatting as shared
from web.embeds import formatting

register = template.Library()

register.filter("embed_score", formatting.embed_score)
register.filter("as_list", formatting.as_list)
# The same as the pages' own, under the names embed templates use.
register.filter("band", shared.score_band)
register.filter("embed_percent", shared.percent)
register.filter("shown", formatting.shown)
register.filter("ranked_only", formatting.ranked_only)
register.filter("unranked_only", formatting.unranked_only)


@register.simple_tag(takes_context=True)
def oembed_discovery(context, title=""):
    """<link rel="alternate"> announcing the oEmbed version of the current page; for <head>."""
    return formatting.oembed_discovery(context["request"], title)
