"""Alert jobs: fan an event out to its followers, deliver each alert, confirm e-mail
addresses, and the daily retirement reminders."""
import datetime

from django.conf import settings
from django.utils import timezone

from catalog.alerts import notifications
from catalog.jobs import job
from catalog.models import Subscription


@job("notify_subscribers")
def notify_subscribers(event, record_id, dedupe_key, extra=None):
    """Record one delivery per follower of this event, then send each on its own."""
    for delivery_id in notifications.fan_out(event, record_id, dedupe_key, extra):
        deliver.delay(str(delivery_id))


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
        notify_subscribers.delay(
            notifications.RETIREMENT_REMINDER,
            event.id,
            f"{notifications.RETIREMENT_REMINDER}:{event.id}:{reminder}",
            {"days_left": days_left, "reminder": reminder},
        )
        count += 1
    return count
