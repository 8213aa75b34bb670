"""Scores: category scores from published assessments, overall from category scores.

A category score is the weighted mean (criterion weights) of the published assessment scores
in it; None when nothing in it is assessed. An assistant inherits its vendor's assessments
(political ties, say, belong to the company) unless it has its own for that criterion.
Overall is the weighted mean of the category scores present, with default or user weights.
Coverage is the share of all criteria that are assessed for the assistant.
"""
from collections import defaultdict

from django.db import transaction
from django.db.models import Case, ExpressionWrapper, F, FloatField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from catalog import revision
from catalog.models import CATEGORY_KEYS, Assessment, Assistant, Criterion, Status

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


def weighted_overall_expression(weights):
    """SQL for the weighted mean of the stored category scores, ignoring unknown ones.

    Lets lists and alternatives sort by a user's weights inside the database.
    """
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


def compute_scores(assistants):
    """{assistant id: {category scores..., 'overall', 'coverage'}} in three queries."""
    assistants = list(assistants)
    criteria_by_id = {c.id: c for c in Criterion.objects.all()}
    vendor_ids = {a.vendor_id for a in assistants}
    published = Assessment.objects.filter(status=Status.PUBLISHED).only(
        "id", "assistant_id", "vendor_id", "criterion_id", "score"
    )
    by_assistant, by_vendor = defaultdict(list), defaultdict(list)
    for assessment in published.filter(assistant__in=[a.id for a in assistants]):
        by_assistant[assessment.assistant_id].append(assessment)
    for assessment in published.filter(vendor__in=vendor_ids):
        by_vendor[assessment.vendor_id].append(assessment)

    results = {}
    for assistant in assistants:
        effective = effective_assessments(by_assistant[assistant.id], by_vendor[assistant.vendor_id])
        scores = category_scores(effective, criteria_by_id)
        scores["overall"] = overall_score(scores)
        scores["coverage"] = round(len(effective) / len(criteria_by_id), 3) if criteria_by_id else 0.0
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
    for assistant in assistants:
        scores = results[assistant.id]
        for key in CATEGORY_KEYS:
            setattr(assistant, f"score_{key}", scores[key])
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
    fields = [f"score_{key}" for key in CATEGORY_KEYS] + ["score_overall", "coverage"]
    with transaction.atomic():
        stale = list(
            Assistant.objects.select_for_update()
            .filter(scores_updated_at__isnull=True)
            .order_by("id")
            .only("id", "vendor_id", *fields)
        )
        if not stale:
            return 0
        results = compute_scores(stale)
        changed = 0
        for assistant in stale:
            fresh = {**{f"score_{key}": results[assistant.id][key] for key in CATEGORY_KEYS},
                     "score_overall": results[assistant.id]["overall"],
                     "coverage": results[assistant.id]["coverage"]}
            if any(getattr(assistant, name) != value for name, value in fresh.items()):
                changed += 1
            for name, value in fresh.items():
                setattr(assistant, name, value)
            assistant.scores_updated_at = timezone.now()
        Assistant.objects.bulk_update(stale, [*fields, "scores_updated_at"], batch_size=500)
        if changed:
            # Pages and API answers are cached per catalog revision; new scores are news.
            revision.bump()
    return changed


def assistants_affected_by(assessment):
    """Ids of the assistants whose scores depend on this assessment."""
    if assessment.assistant_id:
        return [assessment.assistant_id]
    return list(Assistant.objects.filter(vendor_id=assessment.vendor_id).values_list("id", flat=True))
