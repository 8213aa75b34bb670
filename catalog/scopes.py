"""Which parts of the catalog a write changes, and which parts an answer is made from.

A cached answer names the scopes it was made from (catalog.revision keeps each scope's
number), so a publish invalidates only the answers that show what it changed:

- `assistant:<slug>`: everything an assistant's own page shows of it: its assessments and
  its vendor's, the searches for its unknown cells, its vendor's political ties and
  regulator actions, the deprecation events of the models it uses, the models it offers,
  its switching facts, and its stored scores;
- `ranking-head`: the first RANKING_HEAD assistants of the default ranking, with every
  stored value that orders or shows them; touched only when that list changes
  (catalog.scoring.scores), so a score change far down the ranking leaves it alone;
- `scores`: any stored score (answers ranked under other weights or filters);
- EVERYTHING: any other write (an assistant or vendor renamed, a source or criterion edited,
  campaigns), which every scoped answer depends on too.

A write to a record kind not listed in SUBJECT_FIELDS touches EVERYTHING. A record moved
from one subject to another touches both (the row as it was is read before saving). An
assistant's scope is touched under its old slugs too, which the API still answers.
"""
from django.db.models import Q

from catalog import models
from catalog.revision import EVERYTHING

RANKING_HEAD_SCOPE = "ranking-head"
SCORES_SCOPE = "scores"
COVERAGE_SCOPE = "coverage"  # touched by a rescoring that changed some assistant's coverage
# How many leaders of the default ranking the head covers: the most alternatives any answer
# shows (an embed's largest `limit`) plus the most assistants one vendor has, since
# alternatives leave out the assistant's own vendor. Checked against the catalog when the
# head is computed (catalog.scoring.scores.ranking_head).
MOST_ALTERNATIVES_SHOWN = 10

# Record kind -> the foreign keys that say whose evidence it is.
SUBJECT_FIELDS = {
    models.Assessment: ("assistant_id", "vendor_id"),
    models.SearchRecord: ("assistant_id", "vendor_id"),
    models.PoliticalTie: ("vendor_id",),
    models.RegulatorAction: ("assistant_id", "vendor_id"),
    models.DeprecationEvent: ("assistant_id", "model_id"),
    models.OfferedModel: ("assistant_id", "model_id"),
    models.SwitchingFact: ("assistant_id", "from_assistant_id", "model_id"),
}


def assistant_scope(slug):
    return f"assistant:{slug}"


def subjects_of(instance):
    """The subject ids a record names: {"assistant_id": ..., "vendor_id": ..., "model_id": ...}."""
    return {field: getattr(instance, field, None) for field in SUBJECT_FIELDS[type(instance)]}


def subjects_before_save(instance):
    """The subject ids of the stored row about to be overwritten (None for a new record)."""
    kind = type(instance)
    if kind not in SUBJECT_FIELDS or instance.pk is None:
        return None
    return kind.objects.filter(pk=instance.pk).values(*SUBJECT_FIELDS[kind]).first()


def scopes_of_write(instance, before=None):
    """The scopes a write to `instance` changed (`before`: its subject ids before the write)."""
    if type(instance) not in SUBJECT_FIELDS:
        return [EVERYTHING]
    subjects = [subjects_of(instance), *([before] if before else [])]

    def named(*fields):
        return {s[field] for s in subjects for field in fields if s.get(field) is not None}

    assistant_ids, vendor_ids, model_ids = named("assistant_id", "from_assistant_id"), named("vendor_id"), named("model_id")
    affected = Q(id__in=assistant_ids) | Q(vendor_id__in=vendor_ids)
    if model_ids:
        affected |= Q(models_used__in=model_ids) | Q(offered_models__model_id__in=model_ids)
    found = dict(models.Assistant.objects.filter(affected).values_list("id", "slug").distinct())
    # The API answers an old slug with the renamed record: its cached answer is keyed by it.
    old = models.SlugAlias.objects.filter(kind="assistant", record_id__in=found).values_list("old_slug", flat=True)
    return [assistant_scope(slug) for slug in {*found.values(), *old}]


def own_scopes(slug):
    """What an answer about one assistant alone is made from (its API detail, its card and
    badges: nothing ranked against others)."""
    return [EVERYTHING, assistant_scope(slug)]


def assistant_page_scopes(slug):
    """What an assistant's page (and its default alternatives) is made from."""
    return [EVERYTHING, assistant_scope(slug), RANKING_HEAD_SCOPE]


def assistant_list_scopes():
    """What a list of assistants is made from: their rows (names, vendors, stored scores and
    coverage), so a publish that rescores nobody leaves every list and page of it valid."""
    return [EVERYTHING, SCORES_SCOPE]


def compared_scopes(slugs):
    """What a comparison of `slugs` is made from: their own evidence and scores, and the rest
    (`*`: criteria, sources, names). It ranks them among themselves only."""
    return [EVERYTHING, *(assistant_scope(slug) for slug in slugs)]


def compare_page_scopes(slugs):
    """The compare page: the comparison, and its picker, which offers the best-covered
    assistants first, so a rescoring that changes anyone's coverage may change it."""
    return [*compared_scopes(slugs), COVERAGE_SCOPE]


def alternatives_scopes(slug, default_ranking):
    """What an assistant's alternatives are made from: the ranking's head when they are
    ranked by the default weights with no minimums, else every score."""
    return [EVERYTHING, assistant_scope(slug), RANKING_HEAD_SCOPE if default_ranking else SCORES_SCOPE]
