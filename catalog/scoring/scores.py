"""Scores: category scores from published assessments, overall from category scores.

A category score is the weighted mean (criterion weights) of the published assessment scores
in it; None when nothing in it is assessed. An assistant inherits its vendor's assessments
(political ties, say, belong to the company) unless it has its own for that criterion.
Overall is the weighted mean of the category scores present, with default or user weights.
Coverage is the share of all criteria that are assessed for the assistant.

Beside these means, every score carries its evidence band (catalog/scoring/bands.py, the
method): what is shown, ranked, filtered (`min_<category>`) and sorted on is the band, stored
in the band_low_/band_high_/coverage_/enough_<key> columns.
"""
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from catalog import revision, scopes
from catalog.models import CATEGORY_KEYS, Assessment, Assistant, Confidence, Criterion, Status
from catalog.models.subjects import EVIDENCE_FIELDS
from catalog.scoring import bands

DEFAULT_CATEGORY_WEIGHTS = {key: 1 for key in CATEGORY_KEYS}
MAX_WEIGHT = 100


def weighted_mean(pairs):
    """Mean of (value, weight) pairs, ignoring None values; None if nothing counts."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        if value is None or not weight:
            continue
        total += value * weight
        weight_sum += weight
    return round(total / weight_sum, 1) if weight_sum else None


def overall_score(category_scores, weights=None):
    weights = weights or DEFAULT_CATEGORY_WEIGHTS
    return weighted_mean((category_scores.get(key), weights.get(key, 0)) for key in CATEGORY_KEYS)


class WeightedSum(Func):
    """((0 + column1 * weight1) + column2 * weight2) ... as one expression node.

    The same SQL as the tree of Value, + and * it replaces (so the same floating-point
    results), but Django resolves and copies one node and its columns instead of every
    operator and constant: resolving those trees was most of an alternatives query's cost in
    the long-tail profile (docs/benchmarks.md). `mean=True` divides by the weights of the
    columns that are not null (NULLIF: null when none is), ignoring unknown scores.
    """

    output_field = FloatField()

    def __init__(self, weighted, mean=False):
        weighted = tuple((column, float(weight)) for column, weight in weighted)
        super().__init__(*[F(column) for column, _ in weighted])
        self.weights = [weight for _, weight in weighted]
        self.mean = mean

    def as_sql(self, compiler, connection, **extra_context):
        total, total_params = "%s", [0.0]
        weights, weights_params = "%s", [0.0]
        for expression, weight in zip(self.source_expressions, self.weights):
            column, params = compiler.compile(expression)
            if self.mean:
                total, total_params = f"({total} + COALESCE(({column} * %s), %s))", [*total_params, *params, weight, 0.0]
                weights = f"({weights} + CASE WHEN {column} IS NULL THEN %s ELSE %s END)"
                weights_params = [*weights_params, *params, 0.0, weight]
            else:
                total, total_params = f"({total} + ({column} * %s))", [*total_params, *params, weight]
        if self.mean:
            return f"({total} / NULLIF({weights}, %s))", [*total_params, *weights_params, 0.0]
        return total, total_params


def weighted_overall_expression(weights):
    """SQL for the weighted mean of the stored category scores, ignoring unknown ones.

    Lets lists and alternatives sort by a user's weights inside the database.
    """
    chosen = [(f"score_{key}", weights.get(key, 0)) for key in CATEGORY_KEYS if float(weights.get(key, 0))]
    if chosen:
        return WeightedSum(chosen, mean=True)
    return _weighted_overall_tree(weights)


def _weighted_overall_tree(weights):
    """The expression tree WeightedSum(mean=True) writes as one node (kept for no weights)."""
    numerator = Value(0.0)
    denominator = Value(0.0)
    for key in CATEGORY_KEYS:
        weight = float(weights.get(key, 0))
        if not weight:
            continue
        column = F(f"score_{key}")
        numerator = numerator + Coalesce(column * Value(weight), Value(0.0))
        denominator = denominator + Case(
            When(**{f"score_{key}__isnull": True}, then=Value(0.0)),
            default=Value(weight),
            output_field=FloatField(),
        )
    return ExpressionWrapper(numerator / NullIf(denominator, Value(0.0)), output_field=FloatField())


def effective_assessments(assistant_assessments, vendor_assessments):
    """Per criterion id: (the assistant's own assessment, False), else (its vendor's, True).

    The one place where an assistant inherits what its vendor as a whole is assessed on
    (political ties, say, belong to the company); scores and every shown answer use it.
    """
    merged = {a.criterion_id: (a, True) for a in vendor_assessments}
    merged.update({a.criterion_id: (a, False) for a in assistant_assessments})
    return merged


def category_scores(assessments_by_criterion, criteria_by_id):
    """Per category: the weighted mean of {criterion id: (assessment, inherited)}."""
    per_category = defaultdict(list)
    for criterion_id, (assessment, _inherited) in assessments_by_criterion.items():
        criterion = criteria_by_id[criterion_id]
        per_category[criterion.category].append((assessment.score, criterion.default_weight))
    return {key: weighted_mean(per_category.get(key, [])) for key in CATEGORY_KEYS}


def load_effective(assistants):
    """{assistant id: {criterion id: (assessment, inherited)}} of published assessments, with
    only what scoring reads, in two queries."""
    vendor_ids = {a.vendor_id for a in assistants}
    published = Assessment.objects.filter(status=Status.PUBLISHED).only(
        "id", "assistant_id", "vendor_id", "criterion_id", "score", "confidence"
    )
    by_assistant, by_vendor = defaultdict(list), defaultdict(list)
    for assessment in published.filter(assistant__in=[a.id for a in assistants]):
        by_assistant[assessment.assistant_id].append(assessment)
    for assessment in published.filter(vendor__in=vendor_ids):
        by_vendor[assessment.vendor_id].append(assessment)
    return {a.id: effective_assessments(by_assistant[a.id], by_vendor[a.vendor_id]) for a in assistants}


def compute_scores(assistants):
    """{assistant id: {category scores..., 'overall', 'coverage'}} in three queries."""
    assistants = list(assistants)
    criteria_by_id = {c.id: c for c in Criterion.objects.all()}
    effective_by_id = load_effective(assistants)
    results = {}
    for assistant in assistants:
        effective = effective_by_id[assistant.id]
        scores = category_scores(effective, criteria_by_id)
        scores["overall"] = overall_score(scores)
        scores["coverage"] = round(len(effective) / len(criteria_by_id), 3) if criteria_by_id else 0.0
        scores["evidence"] = evidence_columns(profile_of(effective, criteria_by_id))
        results[assistant.id] = scores
    return results


def recompute_scores(assistant_ids=None):
    """Store fresh scores for the given assistants (all when None). Idempotent."""
    queryset = Assistant.objects.all()
    if assistant_ids is not None:
        queryset = queryset.filter(id__in=list(assistant_ids))
    assistants = list(queryset.only("id", "vendor_id"))
    if not assistants:
        return 0
    results = compute_scores(assistants)
    now = timezone.now()
    fields = [f"score_{key}" for key in CATEGORY_KEYS] + ["score_overall", "coverage", "scores_updated_at"]
    fields += EVIDENCE_FIELDS
    for assistant in assistants:
        scores = results[assistant.id]
        for key in CATEGORY_KEYS:
            setattr(assistant, f"score_{key}", scores[key])
        for name, value in scores["evidence"].items():
            setattr(assistant, name, value)
        assistant.score_overall = scores["overall"]
        assistant.coverage = scores["coverage"]
        assistant.scores_updated_at = now
    with transaction.atomic():
        Assistant.objects.bulk_update(assistants, fields, batch_size=500)
    return len(assistants)


def mark_stale(assistant_ids=None):
    """Flag stored scores as out of date, inside the caller's transaction.

    The flag (scores_updated_at = NULL) commits or rolls back with the change that caused
    it, so recompute_stale() never misses a change and never acts on one that was undone.
    """
    queryset = Assistant.objects.all()
    if assistant_ids is not None:
        queryset = queryset.filter(id__in=list(assistant_ids))
    queryset.update(scores_updated_at=None)


def recompute_stale():
    """Recompute the assistants flagged stale; returns how many changed. Idempotent.

    The stale rows stay locked until the new scores are stored, so a change committed
    meanwhile waits and flags them again rather than being overwritten by older scores.
    """
    fields = [f"score_{key}" for key in CATEGORY_KEYS] + ["score_overall", "coverage", *EVIDENCE_FIELDS]
    with transaction.atomic():
        stale = list(
            Assistant.objects.select_for_update()
            .filter(scores_updated_at__isnull=True)
            .order_by("id")
            .only("id", "slug", "vendor_id", *fields)
        )
        if not stale:
            return 0
        head_before = ranking_head()
        results = compute_scores(stale)
        changed, coverage_moved = [], False
        for assistant in stale:
            fresh = {**{f"score_{key}": results[assistant.id][key] for key in CATEGORY_KEYS},
                     "score_overall": results[assistant.id]["overall"],
                     "coverage": results[assistant.id]["coverage"],
                     **results[assistant.id]["evidence"]}
            if any(getattr(assistant, name) != value for name, value in fresh.items()):
                changed.append(assistant)
                coverage_moved = coverage_moved or assistant.coverage != fresh["coverage"]
            for name, value in fresh.items():
                setattr(assistant, name, value)
            assistant.scores_updated_at = timezone.now()
        Assistant.objects.bulk_update(stale, [*fields, "scores_updated_at"], batch_size=500)
        if changed:
            # New scores are news to the answers that show them (catalog.scopes).
            touched = [scopes.SCORES_SCOPE, *[scopes.assistant_scope(a.slug) for a in changed]]
            if ranking_head() != head_before:
                touched.append(scopes.RANKING_HEAD_SCOPE)
            if coverage_moved:
                touched.append(scopes.COVERAGE_SCOPE)
            revision.bump(touched)
    return len(changed)


def assistants_affected_by(assessment):
    """Ids of the assistants whose scores depend on this assessment."""
    if assessment.assistant_id:
        return [assessment.assistant_id]
    return list(Assistant.objects.filter(vendor_id=assessment.vendor_id).values_list("id", flat=True))


# --- evidence bands: the method (bands.py) applied to the catalog's records ------------------


def method_criterion(criterion):
    """A Criterion row as the method sees it (its rubric's worst and best score)."""
    worst, best = bands.rubric_scale(criterion.value_type, criterion.rubric)
    return bands.Criterion(criterion.slug, criterion.category, criterion.default_weight, worst, best)


def known_answers(effective, criteria_by_id):
    """{criterion slug: bands.Known} from {criterion id: (assessment, inherited)}."""
    return {
        criteria_by_id[criterion_id].slug: bands.Known(
            float(assessment.score), assessment.confidence == Confidence.DISPUTED
        )
        for criterion_id, (assessment, _inherited) in effective.items()
        if criterion_id in criteria_by_id and assessment.score is not None
    }


def profile_of(effective, criteria_by_id):
    """{category: bands.Evidence} of one assistant's effective assessments."""
    criteria = [method_criterion(c) for c in criteria_by_id.values()]
    answers = known_answers(effective, criteria_by_id)
    return bands.profile(criteria, answers, CATEGORY_KEYS, bands.evidence_threshold())


def evidence_columns(categories):
    """The stored evidence columns of {category: Evidence}, overall with default weights."""
    columns = {}
    overall = bands.overall_evidence(categories, DEFAULT_CATEGORY_WEIGHTS)
    for key, evidence in [*categories.items(), ("overall", overall)]:
        band = evidence.band or bands.Band(0.0, 100.0)  # no criteria: nothing is known
        columns.update({
            f"band_low_{key}": round(band.low, 1),
            f"band_high_{key}": round(band.high, 1),
            f"coverage_{key}": round(evidence.coverage, 3),
            f"enough_{key}": evidence.enough,
        })
    return columns


def stored_evidence(assistant):
    """{category and 'overall': bands.Evidence} read from an assistant's stored columns."""
    return {
        key: bands.Evidence(
            bands.Band(getattr(assistant, f"band_low_{key}"), getattr(assistant, f"band_high_{key}")),
            getattr(assistant, f"coverage_{key}"),
            getattr(assistant, f"enough_{key}"),
        )
        for key in (*CATEGORY_KEYS, "overall")
    }


def candidate(assistant, answers=None):
    """An assistant as the ranking sees it, from its stored columns."""
    categories = {key: e for key, e in stored_evidence(assistant).items() if key != "overall"}
    eligible = assistant.status != Assistant.State.UNVERIFIED
    return bands.Candidate(assistant.slug, assistant.name, categories, eligible, answers or {})


def evidence_order(key):
    """How lists read "best first" by `key` (a category or overall), in SQL: enough evidence
    first, then band low, coverage and band high (descending), then name."""
    return [F(f"enough_{key}").desc(), F(f"band_low_{key}").desc(), F(f"coverage_{key}").desc(),
            F(f"band_high_{key}").desc(), "name"]


def weighted_column(prefix, chosen):
    total = sum(chosen.values())
    return WeightedSum([(f"{prefix}_{key}", weight / total) for key, weight in chosen.items()])


def _weighted_column_tree(prefix, chosen):
    """The expression tree weighted_column writes as one node (tests compare their SQL)."""
    total = sum(chosen.values())
    expression = Value(0.0)
    for key, weight in chosen.items():
        expression = expression + F(f"{prefix}_{key}") * Value(weight / total)
    return ExpressionWrapper(expression, output_field=FloatField())


def evidence_annotations(weights):
    """SQL for the overall evidence under `weights`, for ranking lists inside the database:
    rank_ranked (enough evidence and not unverified), rank_low, rank_coverage, rank_high.
    Exact: the overall band is the weighted mean of the stored category bands."""
    chosen = {key: float(weights.get(key, 0)) for key in CATEGORY_KEYS if weights.get(key, 0)}
    if not chosen:
        return {name: Value(0.0) for name in ("rank_low", "rank_coverage", "rank_high")} | {
            "rank_enough": Value(False, output_field=BooleanField()),
            "rank_ranked": Value(False, output_field=BooleanField()),
        }
    enough = Q(*[Q(**{f"enough_{key}": True}) for key in chosen])
    return {
        "rank_enough": ExpressionWrapper(enough, output_field=BooleanField()),
        "rank_ranked": ExpressionWrapper(enough & ~Q(status=Assistant.State.UNVERIFIED), output_field=BooleanField()),
        "rank_low": weighted_column("band_low", chosen),
        "rank_coverage": weighted_column("coverage", chosen),
        "rank_high": weighted_column("band_high", chosen),
    }


RANK_ORDER = (F("rank_ranked").desc(), F("rank_low").desc(), F("rank_coverage").desc(), F("rank_high").desc(), "name")


def ranking_head():
    """The leaders of the default ranking, with every stored value that orders or shows them.

    Long enough for any answer's alternatives: the most one shows plus the largest number of
    active assistants one vendor has (alternatives leave out the assistant's own vendor).
    When this list is unchanged by a recompute, no default alternatives changed.
    """
    active = Assistant.objects.filter(status=Assistant.State.ACTIVE)
    largest_vendor = max(
        active.values("vendor_id").annotate(n=Count("id")).values_list("n", flat=True), default=0
    )
    weights = DEFAULT_CATEGORY_WEIGHTS
    leaders = active.annotate(weighted_score=weighted_overall_expression(weights), **evidence_annotations(weights))
    shown = ["id", "vendor_id", "weighted_score", "rank_ranked", "rank_low", "rank_coverage", "rank_high",
             "score_overall", "coverage", *[f"score_{key}" for key in CATEGORY_KEYS], *EVIDENCE_FIELDS]
    return list(leaders.order_by(*RANK_ORDER).values_list(*shown)[: scopes.MOST_ALTERNATIVES_SHOWN + largest_vendor])


def rank_assistants(assistants, weights):
    """bands.Ranking of assistants (stored columns) under {category: weight}; no query."""
    return bands.rank([candidate(a) for a in assistants], weights)


def annotated_evidence(assistant):
    """The overall bands.Evidence of a row annotated with evidence_annotations()."""
    return bands.Evidence(
        bands.Band(assistant.rank_low, assistant.rank_high), assistant.rank_coverage, assistant.rank_enough
    )


def annotated_reason(assistant):
    """Why an annotated row is unranked (bands.unranked_reason), None when it is ranked."""
    return bands.unranked_reason(annotated_evidence(assistant), assistant.status != Assistant.State.UNVERIFIED)


def research_rankings():
    """The catalog's rankings the research queue counts: overall and each category alone."""
    return {"overall": dict(DEFAULT_CATEGORY_WEIGHTS), **{key: {key: 1} for key in CATEGORY_KEYS}}


RESEARCH_QUEUE_SECONDS = 24 * 3600


def research_queue():
    """The research queue of the catalog as it is now, computed once per catalog revision
    (about 13 s of Python at 10,000 assistants; the key names the revision, so it never
    goes stale)."""
    key = f"research-queue:{revision.current()[0]}"
    queue = cache.get(key)
    if queue is None:
        queue = compute_research_queue()
        cache.set(key, queue, RESEARCH_QUEUE_SECONDS)
    return queue


def compute_research_queue():
    """bands.research_queue over the whole catalog (four queries): which unknown answers could
    change the most rankings, for editors to research first."""
    criteria = list(Criterion.objects.all())
    by_id = {c.id: c for c in criteria}
    assistants = list(Assistant.objects.exclude(status=Assistant.State.UNVERIFIED).order_by("name"))
    evidence = load_effective(assistants)
    candidates = [candidate(a, known_answers(evidence[a.id], by_id)) for a in assistants]
    method = [method_criterion(c) for c in criteria]
    return bands.research_queue(candidates, method, research_rankings(), bands.evidence_threshold())
