"""Comparisons and alternatives: the domain logic shared by the API, the pages and the embeds.

Everything here works on the stored category scores and on prefetched evidence, so a
comparison costs the same few queries whether the catalog holds six assistants or ten thousand.
"""
from dataclasses import dataclass, field

from django.db.models import F, Subquery

from catalog.models import CATEGORY_KEYS, Assistant, Criterion
from catalog.scoring import scores as scoring
from catalog.selectors import answer_to, effective_evidence

MIN_COMPARED = 2
MAX_COMPARED = 10


class UnknownAssistants(LookupError):
    """Some of the slugs asked for name no assistant; `slugs` lists them, in the order asked."""

    def __init__(self, slugs):
        super().__init__(", ".join(slugs))
        self.slugs = slugs


@dataclass
class CriterionRow:
    criterion: Criterion
    cells: list  # one selectors.Answer per assistant compared, in their order


@dataclass
class Comparison:
    assistants: list
    categories: list
    weights: dict
    rows: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # slug -> {category: score, overall: weighted}
    ranking: list = field(default_factory=list)  # slugs, best first; unknown overall last


def load_assistants(slugs):
    """The assistants in the order asked; UnknownAssistants naming the slugs nobody has."""
    found = {a.slug: a for a in Assistant.objects.select_related("vendor").filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise UnknownAssistants(unknown)
    return [found[slug] for slug in slugs]


def rank(scores_by_slug):
    """Slugs ordered by weighted overall, best first; unknown last; ties by slug."""
    return sorted(
        scores_by_slug,
        key=lambda slug: (scores_by_slug[slug]["overall"] is None, -(scores_by_slug[slug]["overall"] or 0), slug),
    )


def compare(slugs, categories=None, weights=None):
    """Side by side evidence for 2-10 assistants, with per-category scores and a ranking."""
    categories = categories or list(CATEGORY_KEYS)
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    assistants = load_assistants(slugs)
    evidence = effective_evidence(assistants)
    criteria = [c for c in Criterion.objects.all() if c.category in categories]
    comparison = Comparison(assistants=assistants, categories=categories, weights=weights)
    for criterion in criteria:
        cells = [answer_to(criterion, evidence[assistant.id]) for assistant in assistants]
        comparison.rows.append(CriterionRow(criterion=criterion, cells=cells))
    chosen_weights = {key: (weights.get(key, 0) if key in categories else 0) for key in CATEGORY_KEYS}
    for assistant in assistants:
        category_scores = {key: assistant.scores[key] for key in categories}
        overall = scoring.overall_score(assistant.scores, chosen_weights) if any(chosen_weights.values()) else None
        comparison.scores[assistant.slug] = {**category_scores, "overall": overall}
    comparison.ranking = rank(comparison.scores)
    return comparison


def alternatives(assistant, weights=None, minimums=None, limit=None):
    """Other vendors' assistants, best weighted score first (unknown overall last).

    Filtering and ordering happen in SQL on the stored scores, so this is one query. With a
    limit, the ranking runs over the assistant table alone and only the winners are joined
    to their vendors: joining every row first took twice as long at 10,000 assistants
    (12.9 ms of SQL against 6.4 ms).
    """
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    weighted_score = scoring.weighted_overall_expression(weights)
    ordering = (F("weighted_score").desc(nulls_last=True), "name")
    candidates = (
        Assistant.objects.exclude(vendor_id=assistant.vendor_id)
        .filter(status=Assistant.State.ACTIVE)
        .annotate(weighted_score=weighted_score)
    )
    for key, minimum in (minimums or {}).items():
        candidates = candidates.filter(**{f"score_{key}__gte": minimum})
    if limit:
        winners = candidates.order_by(*ordering).values("id")[:limit]
        candidates = Assistant.objects.filter(id__in=Subquery(winners)).annotate(weighted_score=weighted_score)
    return candidates.select_related("vendor").order_by(*ordering)
