"""Assistants that run other makers' models (Duck.ai, Brave Leo, Kagi Assistant, Copilot, ...).

Which model an assistant offers, from which maker (the model's vendor), under which terms of
the assistant vendor's own agreement, and when it was removed (often by the maker's retirement).
"""
from django.db import models
from simple_history.models import HistoricalRecords

from catalog.dates import Precision, partial_date_properties
from catalog.models.base import Confidence, KeyPublishedManager, Status
from catalog.models.evidence import DeprecationEvent
from catalog.models.sources import Source
from catalog.models.subjects import AIModel, Assistant


class OfferedModel(models.Model):
    key = models.SlugField(max_length=120, unique=True)
    assistant = models.ForeignKey(Assistant, on_delete=models.CASCADE, related_name="offered_models")
    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, related_name="offered_by")
    since = models.DateField(null=True, blank=True)
    since_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    until = models.DateField(null=True, blank=True, help_text="When it was removed from the assistant.")
    until_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    removed_by = models.ForeignKey(
        DeprecationEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="removed_offers",
        help_text="The maker's deprecation event that removed the model from the assistant.",
    )
    terms = models.TextField(
        help_text="What the assistant vendor's agreement with the maker says: retention, training, anonymisation."
    )
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="offered_models")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyPublishedManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["assistant__name", "until", "model__vendor__name", "model__name", "key"]
        verbose_name = "offered model"

    def __str__(self):
        return f"{self.assistant} offers {self.model}"

    def natural_key(self):
        return (self.key,)

    @property
    def maker(self):
        return self.model.vendor

    @property
    def removed(self):
        return self.until is not None

    since_iso, since_display = partial_date_properties("since")
    until_iso, until_display = partial_date_properties("until")
