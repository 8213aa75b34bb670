"""Background jobs. Without a broker they run inline (eager), which the embedded default uses.

Tasks take ids, not model instances, and are safe to run twice: a worker that dies mid-task
(acks late, rejected on worker loss) hands its message to the next one.
"""
import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from kombu.exceptions import OperationalError

from catalog.ingest import importing
from catalog.ingest import linkcheck
from catalog.alerts import notifications
from catalog.scoring import scores as scoring
from catalog.models import Subscription

logger = logging.getLogger(__name__)

RECOMPUTE_PENDING_KEY = "jobs:recompute-scores-pending"

# Safe to redeliver: each of these checks the database before doing anything twice.
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(**RELIABLE)
def recompute_scores():
    """Recompute the scores flagged stale (see scoring.mark_stale); idempotent."""
    cache.delete(RECOMPUTE_PENDING_KEY)  # changes committed from now on schedule a new run
    return scoring.recompute_stale()


def schedule_score_recompute():
    """Enqueue one recompute for every change in the next SCORE_RECOMPUTE_DELAY_SECONDS.

    Returns False when a run is already waiting (it will see this change too). Should the
    broker be unreachable, the stale flags stay in the database for the periodic run.
    """
    delay = settings.SCORE_RECOMPUTE_DELAY_SECONDS
    if not cache.add(RECOMPUTE_PENDING_KEY, True, timeout=delay + 60):
        return False
    try:
        recompute_scores.apply_async(countdown=delay)
    except OperationalError:
        cache.delete(RECOMPUTE_PENDING_KEY)
        logger.exception("could not enqueue the score recompute; the periodic run will do it")
        return False
    return True


@shared_task(**RELIABLE)
def notify_subscribers(event, record_id, dedupe_key, extra=None):
    """Record one delivery per follower of this event, then send each on its own."""
    for delivery_id in notifications.fan_out(event, record_id, dedupe_key, extra):
        deliver.delay(str(delivery_id))


@shared_task(bind=True, max_retries=None, **RELIABLE)
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


@shared_task(**RELIABLE)
def send_subscription_confirmation(subscription_id):
    subscription = Subscription.objects.filter(
        id=subscription_id, channel=Subscription.Channel.EMAIL, confirmed=False
    ).first()
    if subscription is not None:
        notifications.send_confirmation(subscription)


@shared_task(**RELIABLE)
def send_retirement_reminders(today=None):
    """Daily: remind followers 30, 7 and 1 days before a retirement (each reminder once).

    `today` (YYYY-MM-DD) runs it as of another day, to catch up by hand.
    """
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    count = 0
    for event, days_left, reminder in notifications.reminders_due(today):
        notify_subscribers.delay(
            notifications.RETIREMENT_REMINDER,
            event.id,
            f"{notifications.RETIREMENT_REMINDER}:{event.id}:{reminder}",
            {"days_left": days_left, "reminder": reminder},
        )
        count += 1
    return count


@shared_task(**RELIABLE)
def check_source_links():
    """Periodic: queue a check of every source address not checked recently."""
    source_ids = linkcheck.sources_due(timezone.now())
    for source_id in source_ids:
        check_source_link.delay(source_id)
    return len(source_ids)


@shared_task(**RELIABLE)
def check_source_link(source_id):
    return linkcheck.check_source(source_id)


@shared_task(**RELIABLE)
def import_deprecation_feeds():
    """Periodic when DEPRECATION_FEED_URLS is set: import each feed."""
    for url in settings.DEPRECATION_FEED_URLS:
        import_deprecation_feed.delay(url)


@shared_task(**RELIABLE)
def import_deprecation_feed(url):
    """Fetch a JSON or CSV feed of deprecation events and import it (all or nothing)."""
    report = importing.import_feed(url)
    logger.info("imported %s: %s", url, report)
    return str(report)
