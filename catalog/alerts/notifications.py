"""Alerts to subscribers: what an event says, who follows it, and delivering it once.

An event is turned into one Delivery row per matching subscription *before* anything is sent
(the row is the record and the idempotency key), then each delivery is attempted on its own.
A delivered row is never sent again; a failed attempt is retried with exponential backoff
until WEBHOOK_MAX_ATTEMPTS, then the row is marked failed.
"""
import datetime

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog.alerts import webhooks
from catalog.models import Assessment, Assistant, Delivery, DeprecationEvent, Status, Subscription

DEPRECATION_RECORDED = "deprecation.recorded"
ASSESSMENT_PUBLISHED = "assessment.published"
ASSESSMENT_CHANGED = "assessment.changed"
RETIREMENT_REMINDER = "retirement.reminder"
EVENTS = (DEPRECATION_RECORDED, ASSESSMENT_PUBLISHED, ASSESSMENT_CHANGED, RETIREMENT_REMINDER)

# Kinds of deprecation event whose date is the day a model goes away.
RETIREMENT_KINDS = (DeprecationEvent.Kind.RETIRED, DeprecationEvent.Kind.SHUTDOWN_SCHEDULED)


# --- what an event says -------------------------------------------------------------------


def _site(path):
    return f"{settings.SITE_URL}{path}"


def _sources(record):
    return [
        {
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url or None,
            "published": source.published_iso,
        }
        for source in record.sources.all()
    ]


def _assistant_ref(assistant):
    return {"slug": assistant.slug, "name": assistant.name, "url": _site(f"/assistants/{assistant.slug}/")}


def _vendor_ref(vendor):
    return {"slug": vendor.slug, "name": vendor.name, "url": _site(f"/vendors/{vendor.slug}/")}


def deprecation_data(event):
    """The `data` of deprecation and reminder events."""
    model = event.model
    return {
        "deprecation": {
            "key": event.key,
            "kind": event.kind,
            "date": event.date_iso,
            "date_precision": event.date_precision,
            "scope": event.scope,
            "surface": event.surface,
            "notice_days": event.notice_days,
            "summary": event.summary,
            "confidence": event.confidence,
            "sources": _sources(event),
        },
        "model": {"slug": model.slug, "name": model.name, "status": model.status},
        "vendor": _vendor_ref(model.vendor),
        "assistants": [_assistant_ref(a) for a in model.assistants.order_by("slug")],
        "retirements_url": _site("/retirements/"),
    }


def assessment_data(assessment, previous=None):
    """The `data` of assessment events; `previous` holds the published values it replaced."""
    subject = assessment.assistant or assessment.vendor
    criterion = assessment.criterion
    return {
        "assessment": {
            "id": assessment.id,
            "subject": {
                "type": "assistant" if assessment.assistant_id else "vendor",
                **(_assistant_ref(subject) if assessment.assistant_id else _vendor_ref(subject)),
            },
            "criterion": {"slug": criterion.slug, "name": criterion.name, "category": criterion.category},
            "value": assessment.value,
            "score": assessment.score,
            "verdict": assessment.verdict,
            "confidence": assessment.confidence,
            "as_of": assessment.as_of.isoformat(),
            "status": assessment.status,
            "sources": _sources(assessment),
        },
        "previous": previous,
    }


def envelope(event, data, occurred_at=None):
    return {"event": event, "occurred_at": (occurred_at or timezone.now()).isoformat(), "data": data}


# --- who follows it -----------------------------------------------------------------------


def followers(assistant_ids, vendor_id):
    """Active subscriptions that follow any of these assistants, the vendor, or everything.

    E-mail subscriptions count only once their address is confirmed.
    """
    follows = Q(follows_all=True) | Q(vendor_id=vendor_id) | Q(assistant_id__in=list(assistant_ids))
    reachable = Q(channel=Subscription.Channel.WEBHOOK) | Q(confirmed=True)
    return Subscription.objects.filter(follows & reachable, active=True)


def deprecation_followers(event):
    assistant_ids = event.model.assistants.values_list("id", flat=True)
    return followers(assistant_ids, event.model.vendor_id)


def assessment_followers(assessment):
    if assessment.assistant_id:
        return followers([assessment.assistant_id], assessment.assistant.vendor_id)
    # A vendor-wide assessment counts for every assistant of that vendor.
    assistant_ids = Assistant.objects.filter(vendor_id=assessment.vendor_id).values_list("id", flat=True)
    return followers(assistant_ids, assessment.vendor_id)


# --- recording and delivering -------------------------------------------------------------


def fan_out(event, record_id, dedupe_key, extra=None, occurred_at=None):
    """Build the event's payload and record a delivery for each follower; pending ids.

    `extra` carries what only the moment of the change knew: the previous published values
    of an assessment, or the days left before a retirement. `occurred_at` (when the event was
    recorded) keeps a late fan-out, after a broker outage, to those who followed by then.
    """
    extra = extra or {}
    if event in (DEPRECATION_RECORDED, RETIREMENT_REMINDER):
        record = deprecation_for_event(record_id)
        if record is None:
            return []
        data = deprecation_data(record)
        if event == RETIREMENT_REMINDER:
            data.update(days_left=extra["days_left"], reminder=extra["reminder"])
        subscriptions = deprecation_followers(record)
    elif event in (ASSESSMENT_PUBLISHED, ASSESSMENT_CHANGED):
        record = assessment_for_event(record_id)
        if record is None:
            return []
        data = assessment_data(record, extra.get("previous"))
        subscriptions = assessment_followers(record)
    else:
        raise ValueError(f"unknown event {event!r}; known: {', '.join(EVENTS)}")
    if occurred_at is not None:
        subscriptions = subscriptions.filter(created_at__lte=occurred_at)
    return record_deliveries(event, envelope(event, data, occurred_at), subscriptions, dedupe_key)


def record_deliveries(event, payload, subscriptions, dedupe_key):
    """One Delivery per subscription for this event (once, whatever the retries).

    Returns the ids of those still pending, including ones recorded by an earlier run that
    was interrupted before it could hand them on.
    """
    subscription_ids = list(subscriptions.values_list("id", flat=True))
    Delivery.objects.bulk_create(
        [
            Delivery(subscription_id=sid, event=event, dedupe_key=dedupe_key, payload=payload)
            for sid in subscription_ids
        ],
        ignore_conflicts=True,
    )
    return list(
        Delivery.objects.filter(
            subscription_id__in=subscription_ids, dedupe_key=dedupe_key, state=Delivery.State.PENDING
        ).values_list("id", flat=True)
    )


def backoff_seconds(attempts):
    """Wait before the next attempt after `attempts` failures: doubling, capped."""
    delay = settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(delay, settings.WEBHOOK_RETRY_MAX_SECONDS)


def attempt(delivery_id):
    """Try one pending delivery. Returns ('delivered'|'failed'|'skipped'|'retry', seconds).

    The row stays locked while it is sent, so two workers never send it at the same time; a
    worker killed mid-send rolls the attempt back and the redelivered task sends it again
    with the same id (the receiver's idempotency key).
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(id=delivery_id)
            .first()
        )
        if delivery is None:
            # Locked: another worker is sending it. Look again later rather than drop it, in
            # case that worker dies before it finishes.
            busy = Delivery.objects.filter(id=delivery_id, state=Delivery.State.PENDING).exists()
            return ("retry", settings.WEBHOOK_TIMEOUT_SECONDS * 2) if busy else ("skipped", None)
        if delivery.state != Delivery.State.PENDING:
            return "skipped", None
        subscription = delivery.subscription
        delivery.attempts += 1
        if not subscription.active:
            delivery.state = Delivery.State.FAILED
            delivery.last_error = "the subscription was deactivated"
            delivery.save(update_fields=["attempts", "state", "last_error"])
            return "failed", None
        try:
            status = _send(delivery)
        except (webhooks.DeliveryFailed, OSError) as error:
            delivery.last_status_code = getattr(error, "status", None)
            delivery.last_error = str(error)[:2000]
            finished = getattr(error, "permanent", False) or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
            wait = backoff_seconds(delivery.attempts)
            if finished:
                delivery.state = Delivery.State.FAILED
            else:
                # The sweep leaves the delivery to its scheduled retry until then.
                delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=wait)
            delivery.save(update_fields=["attempts", "state", "last_status_code", "last_error", "next_attempt_at"])
            return ("failed", None) if finished else ("retry", wait)
        delivery.state = Delivery.State.DELIVERED
        delivery.last_status_code = status
        delivery.last_error = ""
        delivery.delivered_at = timezone.now()
        delivery.save(update_fields=["attempts", "state", "last_status_code", "last_error", "delivered_at"])
        return "delivered", None


def _send(delivery):
    if delivery.subscription.channel == Subscription.Channel.EMAIL:
        return _send_email(delivery)
    return webhooks.send(delivery)


EMAIL_SUBJECTS = {
    DEPRECATION_RECORDED: "Candor: {model} {kind} ({date})",
    RETIREMENT_REMINDER: "Candor: {model} retires in {days_left} day(s), on {date}",
    ASSESSMENT_PUBLISHED: "Candor: new assessment of {subject} ({criterion})",
    ASSESSMENT_CHANGED: "Candor: assessment of {subject} changed ({criterion})",
}


def _send_email(delivery):
    data = delivery.payload["data"]
    if "deprecation" in data:
        facts = {
            "model": data["model"]["name"],
            "kind": data["deprecation"]["kind"].replace("_", " "),
            "date": data["deprecation"]["date"],
            "days_left": data.get("days_left"),
        }
    else:
        facts = {
            "subject": data["assessment"]["subject"]["name"],
            "criterion": data["assessment"]["criterion"]["name"],
        }
    subscription = delivery.subscription
    unsubscribe_url = _site(reverse("subscription-unsubscribe", args=[subscription.confirm_token]))
    body = render_to_string(
        "catalog/email/event.txt", {"event": delivery.event, "data": data, "unsubscribe_url": unsubscribe_url}
    )
    message = EmailMessage(
        EMAIL_SUBJECTS[delivery.event].format(**facts),
        body,
        to=[subscription.email],
        headers={
            # One-click unsubscribe (RFC 8058) in mail clients that offer it.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()


def send_confirmation(subscription):
    """Ask an e-mail subscriber to confirm the address before anything else is sent."""
    body = render_to_string(
        "catalog/email/confirm.txt",
        {
            "subscription": subscription,
            "confirm_url": _site(reverse("subscription-confirm", args=[subscription.confirm_token])),
        },
    )
    send_mail("Candor: confirm your subscription", body, None, [subscription.email])


# --- reminders ----------------------------------------------------------------------------


def reminders_due(today):
    """(event, days_left, reminder) for published retirements due a reminder.

    A reminder is the smallest of REMINDER_DAYS that is at least the days left, so a run
    missed (or a retirement recorded late) still sends the reminder that is due, once.
    """
    horizon = today + datetime.timedelta(days=max(settings.REMINDER_DAYS))
    events = DeprecationEvent.objects.filter(
        status=Status.PUBLISHED,
        kind__in=RETIREMENT_KINDS,
        date_precision="day",
        date__gt=today,
        date__lte=horizon,
    )
    for event in events:
        days_left = (event.date - today).days
        reminder = min(days for days in settings.REMINDER_DAYS if days >= days_left)
        yield event, days_left, reminder


def assessment_for_event(assessment_id):
    return (
        Assessment.objects.select_related("assistant", "vendor", "criterion")
        .prefetch_related("sources")
        .filter(id=assessment_id)
        .first()
    )


def deprecation_for_event(event_id):
    return (
        DeprecationEvent.objects.select_related("model__vendor")
        .prefetch_related("sources")
        .filter(id=event_id)
        .first()
    )
