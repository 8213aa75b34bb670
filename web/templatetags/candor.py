"""{% load candor %}: the catalog's formatting helpers (web/formatting.py) as template filters.

A leaf: views import web.formatting directly, never this module.
"""
from django import template

from web import formatting

register = template.Library()

for _name in (
    "score",
    "score_band",
    "band_range",
    "evidence_of",
    "lookup",
    "percent",
    "country_name",
    "number",
    "rubric_value",
    "yes_no_unknown",
    "partial_date",
    "as_of",
    "price",
):
    register.filter(_name, getattr(formatting, _name))


@register.simple_tag(takes_context=True)
def language_links(context):
    """[(code, name, url, is_current)] for the switcher; the same page in each language."""
    return formatting.language_links(context.get("request"))
