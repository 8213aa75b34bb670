"""Editorial writes that subscribers hear about, announced once the write is committed.

- `deprecation.recorded`: a deprecation event becomes published (created so, or published later);
- `assessment.published`: an assessment becomes published;
- `assessment.changed`: a published assessment changes (value, verdict, confidence, date,
  note) or stops being published (retracted or back to draft).
Retirement reminders are not edits: the daily job in catalog.alerts.tasks sends them.
Bulk catalog loads (signals.bulk_changes) and raw fixture loads announce nothing.

Each event is written to the outbox (OutboxEvent) in the transaction of the edit, so it is
committed with it or not at all; see catalog.alerts.tasks.record_event.
"""
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from catalog.alerts import notifications
from catalog.alerts.tasks import record_event
from catalog.models import Assessment, DeprecationEvent, Status
from catalog.signals import in_bulk

ASSESSMENT_FIELDS = ("status", "value", "score", "verdict", "confidence", "as_of", "note")


def announce(event, record_id, dedupe_key, extra=None):
    """Record the event in the write's transaction; it is handed on once that commits."""
    record_event(event, record_id, dedupe_key, extra)


def _quiet(kwargs):
    return in_bulk() or kwargs.get("raw")


@receiver(pre_save, sender=Assessment, dispatch_uid="events-assessment-before")
@receiver(pre_save, sender=DeprecationEvent, dispatch_uid="events-deprecation-before")
def remember_previous(sender, instance, **kwargs):
    """Keep the stored values, to tell a first publication from a change."""
    instance._stored = None
    if instance.pk and not _quiet(kwargs):
        fields = ASSESSMENT_FIELDS if sender is Assessment else ("status",)
        instance._stored = sender.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save, sender=DeprecationEvent, dispatch_uid="events-deprecation-saved")
def deprecation_saved(sender, instance, **kwargs):
    if _quiet(kwargs) or instance.status != Status.PUBLISHED:
        return
    stored = getattr(instance, "_stored", None)
    if stored and stored["status"] == Status.PUBLISHED:
        return
    event = notifications.DEPRECATION_RECORDED
    announce(event, instance.pk, f"{event}:{instance.pk}")


def _value(instance, name):
    # As the database would give it back (a date given as text compares as a date).
    return instance._meta.get_field(name).to_python(getattr(instance, name))


@receiver(post_save, sender=Assessment, dispatch_uid="events-assessment-saved")
def assessment_saved(sender, instance, **kwargs):
    if _quiet(kwargs):
        return
    stored = getattr(instance, "_stored", None)
    was_published = bool(stored) and stored["status"] == Status.PUBLISHED
    if instance.status == Status.PUBLISHED and not was_published:
        event, previous = notifications.ASSESSMENT_PUBLISHED, None
    elif was_published and any(_value(instance, f) != stored[f] for f in ASSESSMENT_FIELDS):
        event = notifications.ASSESSMENT_CHANGED
        previous = {**stored, "as_of": stored["as_of"].isoformat()}
    else:
        return
    # Each save is its own event: updated_at (auto_now) tells one save from the next.
    announce(event, instance.pk, f"{event}:{instance.pk}:{instance.updated_at.isoformat()}", {"previous": previous})
