"""Template helpers for showing scores honestly: unknown is never 0."""
from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def score(value):
    """A score as a whole number, or 'Unknown' when nothing is assessed."""
    if value is None:
        return _("Unknown")
    return f"{value:.0f}"


@register.filter
def score_band(value):
    """A CSS class name for the score's band; unknown has its own."""
    if value is None:
        return "unknown"
    if value >= 70:
        return "good"
    if value >= 40:
        return "mixed"
    return "poor"


@register.filter
def lookup(container, key):
    """container[key] for dicts, getattr otherwise (templates can't index with a variable)."""
    if isinstance(container, dict):
        return container.get(key)
    return getattr(container, key)


@register.filter
def percent(value):
    return f"{round((value or 0) * 100):.0f}%"
