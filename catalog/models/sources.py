"""Sources: what every public claim cites (title, publisher, date, address, link status).

Defined before every other model: simple-history needs the target of a history-tracked
many-to-many in place, and the registration order is the order backups are written in.
"""
from django.db import models
from simple_history.models import HistoricalRecords

from catalog.dates import Precision, partial_date_properties
from catalog.models.base import KeyManager


class Source(models.Model):
    key = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=600, blank=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    accessed = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    quote = models.TextField(blank=True)
    # Filled in by the link checker (a background job).
    link_status = models.PositiveSmallIntegerField(null=True, blank=True)
    link_final_url = models.URLField(max_length=600, blank=True)
    link_checked_at = models.DateTimeField(null=True, blank=True)

    objects = KeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published", "title"]

    def __str__(self):
        return f"{self.title} ({self.publisher})"

    def natural_key(self):
        return (self.key,)

    published_iso, published_display = partial_date_properties("published")
