"""Sources: what every public claim cites (title, publisher, date, address, link status).

Defined before every other model: simple-history needs the target of a history-tracked
many-to-many in place, and the registration order is the order backups are written in.
"""
from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.dates import Precision, partial_date_properties
from catalog.models.base import KeyManager


class Source(models.Model):
    class Kind(models.TextChoices):
        """What kind of text it is, shown beside it so a reader can weigh it (fixtures/SCHEMA.md)."""

        VENDOR = "vendor", _("The company's own text")
        OFFICIAL = "official", _("Official record")
        COURT_REGULATOR = "court_regulator", _("Court or regulator")
        PRESS = "press", _("Press")
        RESEARCH = "research", _("Independent research")
        ADVOCACY = "advocacy", _("Campaign or interest group")
        AGGREGATOR = "aggregator", _("Aggregator or repost")

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
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True, db_index=True)
    # The original could not be opened; a verbatim copy at this address was read instead.
    read_via = models.URLField(max_length=600, blank=True)
    # For an aggregator: the source it copies or summarises.
    repost_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reposts"
    )
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

    @property
    def undated(self):
        return self.published is None

    @property
    def read_via_host(self):
        return (urlsplit(self.read_via).hostname or "") if self.read_via else ""
