"""Comparisons and alternatives: the domain logic shared by the API, the pages and the embeds.

Everything here works on the stored category scores and on prefetched evidence, so a
comparison costs the same few queries whether the catalog holds six assistants or ten thousand.
"""
from dataclasses import dataclass, field

from django.db.models import Subquery

from catalog.models import CATEGORY_KEYS, Assistant, Criterion
from catalog.scoring import bands
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
    scores: dict = field(default_factory=dict)  # slug -> {category: mean, overall: weighted mean}
    ranking: list = field(default_factory=list)  # every slug: the ranked best first, then the unranked
    # The method (catalog/scoring/bands.py):
    evidence: dict = field(default_factory=dict)  # slug -> {category and overall: bands.Evidence}
    ranked: list = field(default_factory=list)  # slugs with enough evidence, best first
    unranked: list = field(default_factory=list)  # (slug, reason), after the ranked
    could_swap_with: dict = field(default_factory=dict)  # slug -> slugs more evidence could swap it with
    open_questions: list = field(default_factory=list)  # bands.OpenQuestion, most telling first
    first_choice_share: float | None = None  # of weightings 0-3 keeping the first choice first
    best_in_class: dict = field(default_factory=dict)  # criterion slug -> slugs doing best

    def position(self, slug):
        """1-based rank, or None when unranked."""
        return self.ranked.index(slug) + 1 if slug in self.ranked else None

    def reason(self, slug):
        return dict(self.unranked).get(slug)


def load_assistants(slugs):
    """The assistants in the order asked; UnknownAssistants naming the slugs nobody has."""
    found = {a.slug: a for a in Assistant.objects.select_related("vendor").filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise UnknownAssistants(unknown)
    return [found[slug] for slug in slugs]


def compare(slugs, categories=None, weights=None):
    """Side by side evidence for 2-10 assistants, with per-category scores and a ranking."""
    categories = categories or list(CATEGORY_KEYS)
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    assistants = load_assistants(slugs)
    evidence = effective_evidence(assistants)
    all_criteria = list(Criterion.objects.all())
    criteria = [c for c in all_criteria if c.category in categories]
    comparison = Comparison(assistants=assistants, categories=categories, weights=weights)
    for criterion in criteria:
        cells = [answer_to(criterion, evidence[assistant.id]) for assistant in assistants]
        comparison.rows.append(CriterionRow(criterion=criterion, cells=cells))
    chosen_weights = {key: (weights.get(key, 0) if key in categories else 0) for key in CATEGORY_KEYS}
    for assistant in assistants:
        category_scores = {key: assistant.scores[key] for key in categories}
        overall = scoring.overall_score(assistant.scores, chosen_weights) if any(chosen_weights.values()) else None
        comparison.scores[assistant.slug] = {**category_scores, "overall": overall}
    apply_method(comparison, evidence, all_criteria, chosen_weights)
    return comparison


def apply_method(comparison, evidence, all_criteria, weights):
    """Rank, and say what more evidence could change (bands.py), on the loaded evidence."""
    by_id = {c.id: c for c in all_criteria}
    method = [scoring.method_criterion(c) for c in all_criteria]
    candidates = [
        scoring.candidate(a, scoring.known_answers(evidence[a.id], by_id)) for a in comparison.assistants
    ]
    ranking = bands.rank(candidates, weights)
    comparison.ranked, comparison.unranked = ranking.ranked, ranking.unranked
    comparison.ranking = ranking.ranked + [slug for slug, _ in ranking.unranked]
    for c in candidates:
        comparison.evidence[c.key] = {**c.categories, "overall": ranking.overall[c.key]}
    comparison.could_swap_with = bands.could_swap_with(ranking)
    threshold = bands.evidence_threshold()
    comparison.open_questions = bands.open_questions(candidates, method, weights, threshold)
    first = ranking.ranked[0] if ranking.ranked else None
    comparison.first_choice_share = bands.first_choice_share(candidates, comparison.categories, first)
    answers = {c.key: c.answers for c in candidates}
    comparison.best_in_class = {row.criterion.slug: bands.best_in_class(answers, row.criterion.slug) for row in comparison.rows}


def alternatives(assistant, weights=None, minimums=None, limit=None):
    """Other vendors' assistants, best weighted score first (unknown overall last).

    Filtering and ordering happen in SQL on the stored scores, so this is one query. With a
    limit, the ranking runs over the assistant table alone and only the winners are joined
    to their vendors: joining every row first took twice as long at 10,000 assistants
    (12.9 ms of SQL against 6.4 ms).
    """
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    annotations = {"weighted_score": scoring.weighted_overall_expression(weights), **scoring.evidence_annotations(weights)}
    ordering = scoring.RANK_ORDER
    candidates = (
        Assistant.objects.exclude(vendor_id=assistant.vendor_id)
        .filter(status=Assistant.State.ACTIVE)
        .annotate(**annotations)
    )
    for key, minimum in (minimums or {}).items():
        candidates = candidates.filter(**{f"band_low_{key}__gte": minimum})
    if limit:
        winners = candidates.order_by(*ordering).values("id")[:limit]
        candidates = Assistant.objects.filter(id__in=Subquery(winners)).annotate(**annotations)
    return candidates.select_related("vendor").order_by(*ordering)
