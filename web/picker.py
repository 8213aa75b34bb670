"""Which assistants a form offers to choose from: the compare picker, the embed builder and
the corrections form.

While the catalog is small every form lists every assistant. With thousands, a list of
checkboxes or options weighs megabytes (1.8 MB for the compare page at 10,000 assistants), so
a form offers at most LIMIT: those matching the reader's search words, or else the
best-documented ones (highest coverage), and always the ones already chosen.
"""
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When

from catalog.models import Assistant
from catalog.selectors import every_word_in

LIMIT = 60
FIND_ACTION = "find"  # value of the search button (name="action"): narrow the list, submit nothing else
FIND_MAX_LENGTH = 100  # as the API's `q`


@dataclass(frozen=True)
class Picker:
    options: list  # [(slug, name)], by name
    find: str  # the search words that chose them, "" for the best-documented
    searchable: bool  # show the search box: the list is cut, or a search narrowed it


def clean_find(text):
    return " ".join(str(text or "").split())[:FIND_MAX_LENGTH]


def assistant_picker(find="", chosen=(), limit=LIMIT):
    """At most `limit` assistants plus the chosen ones, in one query."""
    find = clean_find(find)
    chosen = [slug for slug in chosen if slug]
    is_chosen = Q(slug__in=chosen)
    offered = Assistant.objects.annotate(
        chosen_first=Case(When(is_chosen, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    closeness = []
    if find:
        matching = every_word_in(find, "name", "slug", "vendor__name")
        offered = offered.filter(is_chosen | matching if chosen else matching)
        # The assistant named exactly so comes first, then names that start with the words.
        closeness = [
            Case(
                When(Q(name__iexact=find) | Q(slug__iexact=find), then=Value(0)),
                When(name__istartswith=find, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ]
    rows = list(
        offered.order_by("chosen_first", *closeness, F("coverage").desc(nulls_last=True), "name", "pk")
        .values_list("slug", "name", "chosen_first")[: limit + len(chosen) + 1]
    )
    picked = [(slug, name) for slug, name, first in rows if first == 0]
    others = [(slug, name) for slug, name, first in rows if first == 1]
    options = sorted(picked + others[:limit], key=lambda row: (row[1].casefold(), row[0]))
    return Picker(options=options, find=find, searchable=len(others) > limit or bool(find))
