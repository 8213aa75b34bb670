"""Public corrections, reviewed by editors."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.evidence import Assessment
from catalog.models.subjects import Assistant, Criterion


class Correction(models.Model):
    """A public suggestion that a claim is wrong or missing; reviewed by editors."""

    class Review(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    assistant = models.ForeignKey(Assistant, on_delete=models.CASCADE, related_name="corrections")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    claim = models.TextField(max_length=4000)
    source_url = models.URLField(max_length=600)
    contact = models.CharField(max_length=200, blank=True)
    review = models.CharField(
        max_length=10, choices=Review.choices, default=Review.PENDING, db_index=True
    )
    reviewer_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    draft_assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Correction to {self.assistant} ({self.get_review_display()})"
