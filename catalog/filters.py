"""The assistant list's filters, written once (django-filter) for the catalog page and for
GET /api/v1/assistants/: both search, filter by open weights and by minimum scores the same way.

Each surface adds what its own contract says: the page a country menu of the vendors'
countries and its "best first" sort (web/forms.py), the API vendor, status, any country code
and its `ordering` (api/filtersets.py).
"""
import copy

import django_filters
from django.utils.translation import gettext_lazy as _

from catalog.models import CATEGORY_KEYS, Category
from catalog.selectors import every_word_in

SCORE_RANGE = _("a number from 0 to 100")
OPEN_WEIGHTS = [("true", _("Yes")), ("false", _("No")), ("unknown", _("Not known"))]


class ScoreFilter(django_filters.NumberFilter):
    """At least this score whatever the unknowns turn out to be: the band low (bands.py).

    An unknown criterion counts at its rubric's worst, so a score resting on little evidence
    passes a minimum only when even its worst case does."""

    accepted = SCORE_RANGE

    def __init__(self, key, **kwargs):
        super().__init__(
            field_name=f"band_low_{key}",
            lookup_expr="gte",
            min_value=0,
            max_value=100,
            label=Category(key).label,
            help_text=f"{Category(key).label} score at least this (0-100) whatever the unknowns: "
            "the low end of its evidence band.",
            **kwargs,
        )


def copied_filter(declared):
    """A copy of a declared filter for one FilterSet instance, one level deep.

    django-filter deep-copies every declared filter per instance, querysets, lazy labels
    and choices included: a fifth of a filtered list's Python (docs/benchmarks.md). An
    instance sets only attributes of its own on its copies (model, parent, the form field
    built for it) and may replace what `extra` holds (the catalog's country menu), so `extra`
    is its own and the rest is shared unchanged. A `method` is bound anew, to the copy.
    """
    copied = copy.copy(declared)
    copied.extra = dict(declared.extra)
    if declared.method is not None:
        copied.method = declared.method
    return copied


class AssistantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        max_length=100,
        label=_("Search"),
        help_text="Words in the assistant's name or slug, or its vendor's name.",
    )
    open_weights = django_filters.ChoiceFilter(
        choices=OPEN_WEIGHTS,
        method="filter_open_weights",
        empty_label=_("Any"),
        label=_("Open weights"),
        help_text="true, false, or unknown (not recorded).",
    )
    min_privacy = ScoreFilter("privacy")
    min_political_ties = ScoreFilter("political_ties")
    min_safety = ScoreFilter("safety")
    min_deprecation = ScoreFilter("deprecation")

    MINIMUMS = tuple(f"min_{key}" for key in CATEGORY_KEYS)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        self.base_filters = {}  # for a moment: django-filter's deep copy has nothing to copy
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters
        self.filters = {name: copied_filter(declared) for name, declared in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model, filter_.parent = self.queryset.model, self

    def search(self, queryset, name, value):
        return queryset.filter(every_word_in(value, "name", "slug", "vendor__name"))

    def filter_open_weights(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(open_weights__isnull=True)
        return queryset.filter(open_weights=(value == "true"))
