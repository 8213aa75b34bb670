"""Who follows what (subscriptions), and each alert sent to them (deliveries)."""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models.subjects import Assistant, Vendor


class Subscription(models.Model):
    """Someone following changes: a signed webhook, or an e-mail address."""

    class Channel(models.TextChoices):
        WEBHOOK = "webhook", _("Webhook")
        EMAIL = "email", _("E-mail")

    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEBHOOK)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    target_url = models.URLField(max_length=600, blank=True)
    email = models.EmailField(blank=True)
    secret = models.CharField(max_length=200, blank=True)
    follows_all = models.BooleanField(default=False)
    assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    confirmed = models.BooleanField(default=False)
    confirm_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follows_all=True, assistant__isnull=True, vendor__isnull=True)
                | Q(follows_all=False, assistant__isnull=False, vendor__isnull=True)
                | Q(follows_all=False, assistant__isnull=True, vendor__isnull=False),
                name="subscription_follows_one_thing",
            ),
        ]

    def __str__(self):
        return self.target_url or self.email


class Delivery(models.Model):
    """One event sent to one subscription; recorded before it is sent."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60)
    dedupe_key = models.CharField(
        max_length=200, help_text="Same event for the same subscription is recorded once."
    )
    payload = models.JSONField()
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When a failed attempt's retry is due; empty until one fails."
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "dedupe_key"], name="delivery_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.state})"


class OutboxEvent(models.Model):
    """An event subscribers will hear about, written in the same transaction as the edit.

    Handing the event to the broker happens after the commit and may fail (broker down); the
    row stays undispatched and the periodic sweep (catalog.alerts.tasks.sweep_outbox) fans it out
    once the broker is back. Fanning out records one Delivery per follower under the event's
    dedupe_key, so however often it runs each subscriber gets the event once.
    """

    event = models.CharField(max_length=60)
    record_id = models.BigIntegerField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    extra = models.JSONField(null=True, blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(
                fields=["occurred_at"], condition=Q(dispatched_at__isnull=True), name="outbox_undispatched"
            )
        ]

    def __str__(self):
        return f"{self.dedupe_key} ({'dispatched' if self.dispatched_at else 'pending'})"
