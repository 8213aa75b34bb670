"""Alert jobs: fan an event out to its followers, deliver each alert, confirm e-mail
addresses, the daily retirement reminders, and the sweep that catches what a broker outage held.

Nothing is lost while the broker is away: an event is written to the outbox in the edit's
transaction (`record_event`) and handed to the broker after the commit; a hand-over that fails
leaves it in the outbox, and `sweep_outbox` (every OUTBOX_SWEEP_SECONDS, on the beat) fans out
what is still there and re-sends deliveries nobody is working on, once the broker is back.
"""
import datetime
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from catalog.alerts import notifications
from catalog.jobs import job
from catalog.models import Delivery, OutboxEvent, Subscription

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500


def record_event(event, record_id, dedupe_key, extra=None, *, on_commit=True):
    """Write the event to the outbox now (in the caller's transaction) and hand it to the
    broker once that commits (at once, outside an edit, when not `on_commit`). The same
    dedupe_key is recorded, and handed on, once."""
    outbox, created = OutboxEvent.objects.get_or_create(
        dedupe_key=dedupe_key, defaults={"event": event, "record_id": record_id, "extra": extra}
    )
    if created and on_commit:
        transaction.on_commit(lambda: hand_over(outbox), robust=True)
    elif created:
        hand_over(outbox)
    return outbox


def hand_over(outbox):
    """Queue the fan-out; a broker that does not answer leaves the event to the sweep."""
    try:
        notify_subscribers.delay(outbox.event, outbox.record_id, outbox.dedupe_key, outbox.extra)
    except OperationalError:
        logger.warning("broker unreachable: %s stays in the outbox for the sweep", outbox.dedupe_key)


def dispatch(event, record_id, dedupe_key, extra=None):
    """Record one delivery per follower (once per follower, whatever the reruns), mark the
    outbox row dispatched, and return the ids still to send."""
    outbox = OutboxEvent.objects.filter(dedupe_key=dedupe_key).first()
    occurred_at = outbox.occurred_at if outbox else None
    pending = notifications.fan_out(event, record_id, dedupe_key, extra, occurred_at=occurred_at)
    OutboxEvent.objects.filter(dedupe_key=dedupe_key, dispatched_at__isnull=True).update(dispatched_at=timezone.now())
    return pending


@job("notify_subscribers")
def notify_subscribers(event, record_id, dedupe_key, extra=None):
    """Record one delivery per follower of this event, then send each on its own."""
    for delivery_id in dispatch(event, record_id, dedupe_key, extra):
        deliver.delay(str(delivery_id))


@job("sweep_outbox")
def sweep_outbox():
    """Periodic: fan out events the broker never got, and re-send stalled deliveries.

    Only what waited longer than OUTBOX_SWEEP_GRACE_SECONDS is touched, so the normal path
    (queued at commit, retries with their countdown) is left to finish. Returns (events,
    deliveries) handed on.
    """
    horizon = timezone.now() - timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    events = list(
        OutboxEvent.objects.filter(dispatched_at__isnull=True, occurred_at__lt=horizon).order_by("occurred_at", "id")[
            :SWEEP_BATCH
        ]
    )
    sent = set()
    for outbox in events:
        for delivery_id in dispatch(outbox.event, outbox.record_id, outbox.dedupe_key, outbox.extra):
            deliver.delay(str(delivery_id))
            sent.add(delivery_id)
    stalled = Delivery.objects.filter(
        Q(next_attempt_at__isnull=True, created_at__lt=horizon) | Q(next_attempt_at__lt=horizon),
        state=Delivery.State.PENDING,
    ).values_list("id", flat=True)[:SWEEP_BATCH]
    resent = [delivery_id for delivery_id in stalled if delivery_id not in sent]
    for delivery_id in resent:
        deliver.delay(str(delivery_id))
    if events or resent:
        logger.info("outbox sweep: %d events fanned out, %d stalled deliveries re-sent", len(events), len(resent))
    return len(events), len(resent)


@job("deliver", bind=True, max_retries=None)
def deliver(self, delivery_id):
    """One attempt at a delivery; retried with exponential backoff until it succeeds or fails."""
    outcome, wait = notifications.attempt(delivery_id)
    if self.request.is_eager:
        # Inline (no broker) nobody runs a delayed retry: try again at once, within the limit.
        for _ in range(settings.WEBHOOK_MAX_ATTEMPTS):
            if outcome != "retry":
                break
            outcome, wait = notifications.attempt(delivery_id)
        return outcome
    if outcome == "retry":
        raise self.retry(countdown=wait)
    return outcome


@job("send_subscription_confirmation")
def send_subscription_confirmation(subscription_id):
    subscription = Subscription.objects.filter(
        id=subscription_id, channel=Subscription.Channel.EMAIL, confirmed=False
    ).first()
    if subscription is not None:
        notifications.send_confirmation(subscription)


@job("send_retirement_reminders")
def send_retirement_reminders(today=None):
    """Daily: remind followers 30, 7 and 1 days before a retirement (each reminder once).

    `today` (YYYY-MM-DD) runs it as of another day, to catch up by hand.
    """
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    count = 0
    for event, days_left, reminder in notifications.reminders_due(today):
        record_event(
            notifications.RETIREMENT_REMINDER,
            event.id,
            f"{notifications.RETIREMENT_REMINDER}:{event.id}:{reminder}",
            {"days_left": days_left, "reminder": reminder},
            on_commit=False,  # a job's own row, committed already: no edit to wait for
        )
        count += 1
    return count
