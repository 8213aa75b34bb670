"""Unknown means looked-for: a record of each search that found nothing for a cell, and of
what the political-ties search covered for each vendor (so readers can see the symmetry)."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.base import Category, KeyManager
from catalog.models.subjects import Assistant, Criterion, Vendor


class SearchRecord(models.Model):
    class Outcome(models.TextChoices):
        NOT_FOUND = "not_found", _("Not found")
        FOUND = "found", _("Found")

    # What a coverage record (no criterion) covered: a category, or regulator actions.
    SCOPES = [*Category.choices, ("regulator_actions", _("Regulator actions"))]

    key = models.SlugField(max_length=120, unique=True)
    assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.CASCADE, related_name="searches"
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="searches"
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="searches",
        help_text="The unknown cell; blank for a coverage record.",
    )
    category = models.CharField(max_length=20, choices=SCOPES, db_index=True)
    searched = models.DateField(help_text="The day of the search.")
    covered = models.JSONField(default=list, blank=True, help_text="What was looked at.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.NOT_FOUND)
    note = models.TextField(blank=True, help_text="Public text: what the search found or did not find.")

    objects = KeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-searched", "key"]
        verbose_name = "search record"
        constraints = [
            models.CheckConstraint(
                condition=(Q(assistant__isnull=False) & Q(vendor__isnull=True))
                | (Q(assistant__isnull=True) & Q(vendor__isnull=False)),
                name="search_one_subject",
            ),
        ]

    def __str__(self):
        what = self.criterion.slug if self.criterion_id else self.category
        return f"{self.assistant or self.vendor} · {what} searched {self.searched.isoformat()}"

    def natural_key(self):
        return (self.key,)

    @property
    def subject(self):
        return self.assistant or self.vendor

    @property
    def is_coverage(self):
        return self.criterion_id is None
