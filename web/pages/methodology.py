"""The methodology page, generated from the criteria and their rubrics."""
from django.shortcuts import render

from catalog import selectors
from catalog.models import CATEGORY_KEYS, Category, Confidence
from catalog.rubric import NUMERIC
from catalog.scoring import bands
from catalog.scoring import scores as scoring
from web.pages.common import public_page


def rubric_rows(criterion):
    """[(condition, score)] for the rubric table: values, bands, then words and 'otherwise'."""
    rubric = criterion.rubric
    if criterion.value_type not in NUMERIC:
        return [("value", value, None, score) for value, score in rubric.items()]
    rows = [("band", band.get("min"), band.get("max"), band["score"]) for band in rubric["bands"]]
    rows += [("value", word, None, score) for word, score in rubric.get("words", {}).items()]
    rows.append(("otherwise", None, None, rubric.get("otherwise", 0)))
    return rows


@public_page
def methodology_page(request):
    criteria = selectors.criteria()
    categories = [
        {
            "key": key,
            "label": Category(key).label,
            "criteria": [(c, rubric_rows(c)) for c in criteria if c.category == key],
        }
        for key in CATEGORY_KEYS
    ]
    return render(
        request,
        "catalog/methodology.html",
        {
            "categories": categories,
            "criteria_count": len(criteria),
            "confidences": Confidence.choices,
            "max_weight": scoring.MAX_WEIGHT,
            "threshold": bands.evidence_threshold(),
        },
    )
