"""Words the embeds and badges show, translated in the "embed" context.

The context keeps these entries apart from the pages' translations of the same English words,
so the two sets of .po entries merge without clashing.
"""

from django.utils.translation import pgettext, pgettext_lazy

from catalog.models import DeprecationEvent

CATEGORIES = {
    "privacy": pgettext_lazy("embed", "Privacy"),
    "political_ties": pgettext_lazy("embed", "Political ties"),
    "safety": pgettext_lazy("embed", "Safety"),
    "deprecation": pgettext_lazy("embed", "Deprecation"),
    "overall": pgettext_lazy("embed", "Overall"),
}
UNKNOWN = pgettext_lazy("embed", "unknown")

EVENT_KINDS = {
    DeprecationEvent.Kind.ANNOUNCED: pgettext_lazy("embed", "Announced"),
    DeprecationEvent.Kind.DEPRECATED: pgettext_lazy("embed", "Deprecated"),
    DeprecationEvent.Kind.SHUTDOWN_SCHEDULED: pgettext_lazy("embed", "Shutdown scheduled"),
    DeprecationEvent.Kind.RETIRED: pgettext_lazy("embed", "Retired"),
    DeprecationEvent.Kind.REINSTATED: pgettext_lazy("embed", "Reinstated"),
    DeprecationEvent.Kind.EXTENDED: pgettext_lazy("embed", "Extended"),
    DeprecationEvent.Kind.WEIGHTS_PRESERVED: pgettext_lazy("embed", "Weights preserved"),
}

SCOPES = {
    DeprecationEvent.Scope.EVERYONE: pgettext_lazy("embed", "everyone"),
    DeprecationEvent.Scope.FREE_TIER: pgettext_lazy("embed", "free tier"),
    DeprecationEvent.Scope.PAID_TIER: pgettext_lazy("embed", "paid tier"),
    DeprecationEvent.Scope.ENTERPRISE: pgettext_lazy("embed", "business and enterprise"),
    DeprecationEvent.Scope.API: pgettext_lazy("embed", "API"),
}

SURFACES = {
    DeprecationEvent.Surface.CONSUMER_APP: pgettext_lazy("embed", "consumer app"),
    DeprecationEvent.Surface.API: pgettext_lazy("embed", "API"),
    DeprecationEvent.Surface.CLOUD: pgettext_lazy("embed", "cloud platform"),
}


def where(event):
    """Where an event applies, e.g. ["API"] or ["consumer app", "paid tier"]."""
    places = [SURFACES[event.surface]]
    # "everyone" adds nothing, nor does an API scope on the API surface.
    if event.scope not in (DeprecationEvent.Scope.EVERYONE, event.surface):
        places.append(SCOPES[event.scope])
    return places


# Titles of the widgets, shared by embed pages, oEmbed answers and the builder's snippets.
TITLES = {
    "alternatives": pgettext_lazy("embed", "Alternatives to %(name)s"),
    "compare": pgettext_lazy("embed", "%(name)s compared"),
    "retirement": pgettext_lazy("embed", "%(name)s retirement"),
    "assistant": pgettext_lazy("embed", "%(name)s on Candor"),
    "switch": pgettext_lazy("embed", "Leaving %(name)s?"),
    "campaign": "%(name)s",
}


def widget_title(kind, name):
    """The title of a `kind` widget about `name`, in the active language."""
    return str(TITLES[kind]) % {"name": name}


def badge_alt(category, assistant_name):
    """Alternative text for a badge image, without the score (which changes over time)."""
    return pgettext("embed", "%(category)s score of %(assistant)s on Candor") % {
        "category": CATEGORIES[category],
        "assistant": assistant_name,
    }
