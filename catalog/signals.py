"""Keep derived state in step with editorial writes: stored scores, the catalog revision (with
the scopes each write changed, catalog.scopes) and the next release (a coalesced build once
the write commits)."""
import contextlib
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from catalog import models, revision, scopes
from catalog.scoring import scores as scoring
from catalog.releases.tasks import schedule_release_build
from catalog.scoring.tasks import schedule_score_recompute

EDITORIAL_MODELS = (
    models.Source,
    models.Vendor,
    models.AIModel,
    models.Assistant,
    models.Criterion,
    models.Assessment,
    models.DeprecationEvent,
    models.PoliticalTie,
    models.Campaign,
    models.RegulatorAction,
    models.OfferedModel,
    models.SearchRecord,
    models.SwitchingFact,
    models.CampaignSuggestion,
)

_state = threading.local()


@contextlib.contextmanager
def bulk_changes():
    """Silence per-row handlers during bulk loads; the caller recomputes and bumps once."""
    previous = getattr(_state, "bulk", False)
    _state.bulk = True
    try:
        yield
    finally:
        _state.bulk = previous


def in_bulk():
    return getattr(_state, "bulk", False)


def _schedule_recompute(assistant_ids=None):
    """Flag the scores stale now; recompute them once this transaction commits."""
    scoring.mark_stale(assistant_ids)
    transaction.on_commit(schedule_score_recompute)


def _catalog_changed(sender, instance, **kwargs):
    if in_bulk() or kwargs.get("raw"):
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    before = getattr(instance, "_subjects_before_save", None)
    revision.bump(scopes.scopes_of_write(instance, before))
    transaction.on_commit(schedule_release_build)


def _note_subjects_before_save(sender, instance, **kwargs):
    # A record moved to another assistant changes the old one's page too.
    if not (in_bulk() or kwargs.get("raw")):
        instance._subjects_before_save = scopes.subjects_before_save(instance)


for _model in scopes.SUBJECT_FIELDS:
    pre_save.connect(_note_subjects_before_save, sender=_model, dispatch_uid=f"rev-pre-{_model.__name__}")

for _model in EDITORIAL_MODELS:
    post_save.connect(_catalog_changed, sender=_model, dispatch_uid=f"rev-save-{_model.__name__}")
    post_delete.connect(_catalog_changed, sender=_model, dispatch_uid=f"rev-del-{_model.__name__}")
    for _field in _model._meta.many_to_many:
        m2m_changed.connect(
            _catalog_changed,
            sender=_field.remote_field.through,
            dispatch_uid=f"rev-m2m-{_model.__name__}-{_field.name}",
        )


@receiver(post_save, sender=models.Assessment, dispatch_uid="scores-assessment-save")
@receiver(post_delete, sender=models.Assessment, dispatch_uid="scores-assessment-delete")
def assessment_changed(sender, instance, **kwargs):
    if in_bulk() or kwargs.get("raw"):
        return
    _schedule_recompute(scoring.assistants_affected_by(instance))


@receiver(post_save, sender=models.Criterion, dispatch_uid="scores-criterion-save")
def criterion_changed(sender, instance, **kwargs):
    if in_bulk() or kwargs.get("raw"):
        return
    _schedule_recompute(None)


@receiver(post_save, sender=models.Assistant, dispatch_uid="scores-assistant-save")
def assistant_saved(sender, instance, created, **kwargs):
    # A new assistant, or one moved to another vendor, inherits other vendor assessments.
    if in_bulk() or kwargs.get("raw"):
        return
    _schedule_recompute([instance.id])
