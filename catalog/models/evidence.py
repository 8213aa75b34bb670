"""The evidence: the claims that cite sources (assessments, deprecation events, political ties).

Every public claim carries a confidence and an editorial status; only published records are public.
"""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.dates import Precision, chronological, partial_date_properties, recheck_cutoff, timeline_position
from catalog.models.base import Confidence, KeyPublishedManager, PublishedQuerySet, Status
from catalog.models.sources import Source
from catalog.models.subjects import AIModel, Assistant, Criterion, Vendor


class AssessmentQuerySet(PublishedQuerySet):
    def needs_recheck(self, today=None):
        """Claims never checked, or last checked more than CATALOG_RECHECK_MONTHS ago."""
        return self.filter(Q(checked__isnull=True) | Q(checked__lt=recheck_cutoff(today)))


class Assessment(models.Model):
    """One criterion answered for one subject (an assistant, or a vendor as a whole)."""

    assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    value = models.CharField(max_length=100)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Computed from the criterion's rubric.",
    )
    verdict = models.CharField(max_length=300)
    note = models.TextField(blank=True, help_text="Where sources disagree, what each says.")
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    as_of = models.DateField()
    checked = models.DateField(
        null=True, blank=True, help_text="The day an editor last checked the claim against its sources."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="assessments")
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["criterion__category", "criterion__position", "criterion__slug"]
        indexes = [models.Index(fields=["status", "criterion"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="assessment_score_0_100"
            ),
            models.CheckConstraint(
                condition=(Q(assistant__isnull=False) & Q(vendor__isnull=True))
                | (Q(assistant__isnull=True) & Q(vendor__isnull=False)),
                name="assessment_one_subject",
            ),
            models.UniqueConstraint(
                fields=["assistant", "criterion"],
                condition=Q(status="published", assistant__isnull=False),
                name="assessment_one_published_per_assistant_criterion",
            ),
            models.UniqueConstraint(
                fields=["vendor", "criterion"],
                condition=Q(status="published", vendor__isnull=False),
                name="assessment_one_published_per_vendor_criterion",
            ),
        ]

    def __str__(self):
        return f"{self.subject} · {self.criterion.slug} = {self.value}"

    @property
    def subject(self):
        return self.assistant or self.vendor

    def needs_recheck(self, today=None):
        return self.checked is None or self.checked < recheck_cutoff(today)

    def save(self, *args, **kwargs):
        # The score always follows the rubric: editors set the value, never the number.
        self.score = self.criterion.score_for(self.value)
        super().save(*args, **kwargs)


class DeprecationEvent(models.Model):
    class Kind(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        DEPRECATED = "deprecated", _("Deprecated")
        SHUTDOWN_SCHEDULED = "shutdown_scheduled", _("Shutdown scheduled")
        RETIRED = "retired", _("Retired")
        REINSTATED = "reinstated", _("Reinstated")
        EXTENDED = "extended", _("Extended")
        WEIGHTS_PRESERVED = "weights_preserved", _("Weights preserved")

    class Scope(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        FREE_TIER = "free_tier", _("Free tier")
        PAID_TIER = "paid_tier", _("Paid tier")
        ENTERPRISE = "enterprise", _("Business and enterprise")
        API = "api", _("API")

    class Surface(models.TextChoices):
        CONSUMER_APP = "consumer_app", _("Consumer app")
        API = "api", _("API")
        CLOUD = "cloud", _("Cloud platform")

    key = models.SlugField(max_length=120, unique=True)
    model = models.ForeignKey(AIModel, on_delete=models.PROTECT, related_name="deprecations")
    # Set when the event is an assistant's own (it removed or added another maker's model),
    # not the maker's retirement.
    assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.PROTECT, related_name="own_deprecations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.EVERYONE)
    surface = models.CharField(max_length=14, choices=Surface.choices, default=Surface.CONSUMER_APP)
    notice_days = models.PositiveIntegerField(null=True, blank=True)
    # Where sources say which of two events came first though their dates cannot (both
    # "August 2025", or the same day), a smaller order comes first; 0 when none is given.
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sorts events known to the same date (day, month or year); smaller first."
    )
    summary = models.TextField()
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="deprecations")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyPublishedManager()
    history = HistoricalRecords(m2m_fields=[sources])

    # Timelines sort with TIMELINE_ORDER (a partial date after the precise dates of its period).
    TIMELINE_ORDER = chronological("date", then=("order", "key"))
    NEWEST_FIRST = chronological("date", descending=True, then=("order", "key"))

    class Meta:
        ordering = ["date", "order", "key"]

    def __str__(self):
        return f"{self.model} {self.get_kind_display().lower()} {self.date_iso}"

    @property
    def timeline_position(self):
        return (*timeline_position(self.date, self.date_precision), self.order, self.key)

    def natural_key(self):
        return (self.key,)

    date_iso, date_display = partial_date_properties("date")


class PoliticalTie(models.Model):
    class Kind(models.TextChoices):
        DONATION = "donation", _("Donation")
        SUPER_PAC = "super_pac", _("Super PAC")
        INAUGURAL_FUND = "inaugural_fund", _("Inaugural fund")
        ADVOCACY_GROUP = "advocacy_group", _("Political advocacy group")
        LOBBYING = "lobbying", _("Lobbying")
        MILITARY_CONTRACT = "military_contract", _("Military contract")
        GOVERNMENT_CONTRACT = "government_contract", _("Government contract")
        IMMIGRATION_ENFORCEMENT = "immigration_enforcement", _("Immigration enforcement")
        ENDORSEMENT = "endorsement", _("Endorsement")
        PARTNERSHIP = "partnership", _("Partnership")
        # A government's designation, ban, sanction or order aimed at the vendor (not a contract).
        GOVERNMENT_ACTION = "government_action", _("Government action")

    key = models.SlugField(max_length=120, unique=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="political_ties")
    person = models.CharField(
        max_length=200, blank=True, help_text="A named executive; blank for the company itself."
    )
    recipient = models.CharField(max_length=300)
    kind = models.CharField(max_length=24, choices=Kind.choices, db_index=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    jurisdiction = models.CharField(
        max_length=12, blank=True, db_index=True,
        help_text="Where the tie is recorded: US (federal), US-CA, EU, FR, CN, ...",
    )
    summary = models.TextField()
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="political_ties")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyPublishedManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["-date", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="tie_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="tie_amount_has_currency",
            ),
        ]

    def __str__(self):
        who = self.person or self.vendor.name
        return f"{who} → {self.recipient}"

    def natural_key(self):
        return (self.key,)

    date_iso, date_display = partial_date_properties("date")


class RegulatorAction(models.Model):
    """A data-protection block, an investigation, an order or a fine aimed at a vendor."""

    class Kind(models.TextChoices):
        BLOCK = "block", _("Block")
        INVESTIGATION = "investigation", _("Investigation")
        ORDER = "order", _("Order")
        FINE = "fine", _("Fine")
        SETTLEMENT = "settlement", _("Settlement")
        WARNING = "warning", _("Warning")
        OTHER = "other", _("Other action")

    key = models.SlugField(max_length=120, unique=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="regulator_actions")
    assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.PROTECT, related_name="regulator_actions"
    )
    authority = models.CharField(max_length=300)
    jurisdiction = models.CharField(max_length=12, db_index=True, help_text="ISO code, or EU.")
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    outcome = models.TextField(blank=True, help_text="What came of it, as far as sources say.")
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    summary = models.TextField()
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="regulator_actions")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyPublishedManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["-date", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="regulator_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="regulator_amount_has_currency",
            ),
        ]

    def __str__(self):
        return f"{self.authority}: {self.get_kind_display().lower()} ({self.vendor})"

    def natural_key(self):
        return (self.key,)

    date_iso, date_display = partial_date_properties("date")
