"""Side by side: 2-10 assistants, every criterion, category weights the reader can change."""
from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from catalog import scopes
from catalog.models import CATEGORY_KEYS, Category
from edge import parameters
from web.charts import Group, bar_chart, evidence_bar
from web.evidence import (
    first_choice_sentence,
    open_questions,
    short_of_evidence,
    swap_sentence,
    unranked_heading,
    unranked_reason,
)
from web.forms import CompareForm
from web.pages.common import bad_parameters, scoped_public_page
from web.picker import FIND_ACTION, assistant_picker


def ticked(query):
    """Assistant slugs from either form: repeated `assistants` boxes or one comma list."""
    return [slug.strip() for value in query.getlist("assistants") for slug in value.split(",") if slug.strip()]


def form_data(query):
    """The query string as the form reads it: picker checkboxes (assistants=a&assistants=b)
    and the API's comma-separated form (assistants=a,b) are the same thing."""
    data = query.copy()
    if "assistants" in data:
        data["assistants"] = ",".join(ticked(query))
    return data


SERIES_COLOURS = 6  # distinct bar colours in candor.css before they repeat


def series_classes(assistants):
    """{slug: CSS class}: each assistant keeps its colour whatever the order of the address.

    An assistant's colour follows its record (its id), not its column; when two compared
    assistants would share one, the one recorded first keeps it and the other takes the next
    free colour, so a given set of assistants is always drawn the same way.
    """
    taken, classes = set(), {}
    for assistant in sorted(assistants, key=lambda a: a.pk):
        colour = assistant.pk % SERIES_COLOURS
        while colour in taken and len(taken) < SERIES_COLOURS:
            colour = (colour + 1) % SERIES_COLOURS
        taken.add(colour)
        classes[assistant.slug] = f"series-{colour}"
    return classes


def category_chart(result):
    """One group per category, one bar per assistant (each in its own stable colour), each
    drawn with its evidence band as a range."""
    colours = series_classes(result.assistants)
    groups = [
        Group(
            Category(key).label,
            [
                evidence_bar(assistant.name, result.evidence[assistant.slug][key], colours[assistant.slug],
                             _("Not enough evidence"))
                for assistant in result.assistants
            ],
        )
        for key in result.categories
    ]
    return bar_chart(
        groups,
        title=_("Category scores side by side, from 0 to 100, each with the range more evidence could move it in"),
        unknown_text=_("Unknown"),
        rtl=get_language_bidi(),
        chart_id="categories",
    )


def ranking_chart(result):
    by_slug = {assistant.slug: assistant for assistant in result.assistants}
    colours = series_classes(result.assistants)
    bars = [
        evidence_bar(by_slug[slug].name, result.evidence[slug]["overall"], colours[slug], _("Not ranked"))
        for slug in result.ranking
    ]
    return bar_chart(
        [Group("", bars)],
        title=_("Overall score with your weights, best first, each with the range more evidence could move it in"),
        unknown_text=_("Unknown"),
        rtl=get_language_bidi(),
        chart_id="ranking",
    )


@dataclass
class RankRow:
    assistant: object
    evidence: object
    position: int | None
    note: str  # ranked: "could change with more evidence"; unranked: why


def ranking_rows(result):
    """The ranked (with who they could swap with), then the unranked (with why)."""
    by_slug = {a.slug: a for a in result.assistants}
    rows = []
    for slug in result.ranked:
        swaps = [by_slug[other].name for other in result.could_swap_with.get(slug, [])]
        rows.append(RankRow(by_slug[slug], result.evidence[slug]["overall"], result.position(slug), swap_sentence(swaps)))
    for slug, reason in result.unranked:
        evidence = result.evidence[slug]["overall"]
        weights = {key: result.weights.get(key, 0) for key in result.categories}
        short = short_of_evidence(result.evidence[slug], weights)
        rows.append(RankRow(by_slug[slug], evidence, None, unranked_reason(by_slug[slug].name, evidence, reason, short)))
    return rows


def compare_page_made_from(request):
    try:
        slugs = parameters.parse_slugs(",".join(ticked(request.GET))) if "assistants" in request.GET else []
    except parameters.ParameterError:
        return None
    return scopes.compare_page_scopes(slugs)


@scoped_public_page(compare_page_made_from)
def compare_page(request):
    chosen = ticked(request.GET)
    picker = assistant_picker(request.GET.get("find", ""), chosen)
    if "assistants" not in request.GET or request.GET.get("action") == FIND_ACTION:
        return render(
            request, "catalog/compare.html", {"picker": picker, "form": CompareForm(), "chosen": set(chosen)}
        )
    form = CompareForm(form_data(request.GET))
    if not form.is_valid():
        return bad_parameters(request, form)
    data = form.cleaned_data
    try:
        result = parameters.comparison_of(data["assistants"], data["categories"], data["weights"])
    except parameters.ParameterError as error:
        return bad_parameters(request, [error])
    chosen = {assistant.slug for assistant in result.assistants}
    return render(
        request,
        "catalog/compare.html",
        {
            "picker": picker,
            "form": form,
            "result": result,
            "chosen": chosen,
            "slugs": ",".join(assistant.slug for assistant in result.assistants),
            "weights": [(key, Category(key).label, result.weights.get(key, 0)) for key in CATEGORY_KEYS],
            "categories_param": ",".join(result.categories) if len(result.categories) < len(CATEGORY_KEYS) else "",
            "category_chart": category_chart(result),
            "ranking_chart": ranking_chart(result),
            "legend": [(a.name, series_classes(result.assistants)[a.slug]) for a in result.assistants],
            "rows_by_category": rows_by_category(result),
            "ranked_rows": [row for row in ranking_rows(result) if row.position],
            "unranked_rows": [row for row in ranking_rows(result) if not row.position],
            "unranked_heading": unranked_heading(),
            "open_questions": open_questions(result),
            "first_choice": first_choice_sentence(result),
        },
    )


def rows_by_category(result):
    """[(label, category evidence per assistant, [(criterion row, [(cell, best in class)])])]."""
    return [
        (
            Category(key).label,
            [result.evidence[assistant.slug][key] for assistant in result.assistants],
            [
                (row, [(cell, assistant.slug in result.best_in_class.get(row.criterion.slug, []))
                       for assistant, cell in zip(result.assistants, row.cells)])
                for row in result.rows if row.criterion.category == key
            ],
        )
        for key in result.categories
    ]
