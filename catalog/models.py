"""The catalog's domain: who makes which assistant, and what the evidence says about them.

Every public claim (assessment, deprecation event, political tie) cites sources and carries a
confidence and an editorial status; only published records are public.
"""
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dates import Precision, display_partial, iso_partial


class Category(models.TextChoices):
    PRIVACY = "privacy", _("Privacy")
    POLITICAL_TIES = "political_ties", _("Political ties")
    SAFETY = "safety", _("Safety")
    DEPRECATION = "deprecation", _("Deprecation")


CATEGORY_KEYS = tuple(Category.values)


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REPORTED = "reported", _("Reported")
    DISPUTED = "disputed", _("Disputed")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")


class SlugManager(models.Manager):
    """Natural keys by slug, for fixtures and backups that survive new primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class KeyManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class KeyPublishedManager(KeyManager.from_queryset(PublishedQuerySet)):
    pass


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

    @property
    def published_iso(self):
        return iso_partial(self.published, self.published_precision)

    @property
    def published_display(self):
        return display_partial(self.published, self.published_precision)


class Vendor(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(
        max_length=2, blank=True, db_index=True, help_text="ISO 3166-1 alpha-2; blank if unknown"
    )
    jurisdiction = models.CharField(max_length=300, blank=True)
    ownership = models.TextField(blank=True)
    website = models.URLField(blank=True)
    verified = models.BooleanField(
        default=True, help_text="False when the operator's identity could not be confirmed."
    )
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="vendors")

    objects = SlugManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class AIModel(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        DEPRECATED = "deprecated", _("Deprecated")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="models")
    released = models.DateField(null=True, blank=True)
    released_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    retired = models.DateField(null=True, blank=True)
    retired_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    status = models.CharField(max_length=12, choices=State.choices, default=State.ACTIVE)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )
    open_weights = models.BooleanField(null=True, blank=True)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor__name", "name"]
        verbose_name = "AI model"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Assistant(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="assistants")
    status = models.CharField(
        max_length=12, choices=State.choices, default=State.ACTIVE, db_index=True
    )
    website = models.URLField(blank=True)
    launched = models.DateField(null=True, blank=True)
    launched_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    open_weights = models.BooleanField(
        null=True, blank=True, db_index=True, help_text="Unknown when blank."
    )
    models_used = models.ManyToManyField(AIModel, blank=True, related_name="assistants")
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="assistants")

    # Stored (denormalised) scores so lists filter and sort in SQL; see catalog.scoring.
    score_privacy = models.FloatField(null=True, blank=True, editable=False)
    score_political_ties = models.FloatField(null=True, blank=True, editable=False)
    score_safety = models.FloatField(null=True, blank=True, editable=False)
    score_deprecation = models.FloatField(null=True, blank=True, editable=False)
    score_overall = models.FloatField(null=True, blank=True, editable=False)
    coverage = models.FloatField(default=0, editable=False)
    scores_updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SlugManager()
    history = HistoricalRecords(
        m2m_fields=[models_used, sources],
        excluded_fields=[
            "score_privacy",
            "score_political_ties",
            "score_safety",
            "score_deprecation",
            "score_overall",
            "coverage",
            "scores_updated_at",
        ],
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage__gte=0) & Q(coverage__lte=1), name="assistant_coverage_0_1"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"score_{key}__isnull": True})
                    | (Q(**{f"score_{key}__gte": 0}) & Q(**{f"score_{key}__lte": 100})),
                    name=f"assistant_score_{key}_0_100",
                )
                for key in (*CATEGORY_KEYS, "overall")
            ],
        ]
        # "Best first" is how lists are read: ordered by a score descending, unknown last,
        # then by name. These indexes let a page of 20 be read in order instead of sorting
        # every matching assistant (at 10,000 assistants, the difference between a 6 ms and
        # a sub-millisecond query). They also serve `min_<category>` filters.
        indexes = [
            models.Index(
                F(f"score_{key}").desc(nulls_last=True), F("name"), F("id"), name=f"assistant_best_{key}"
            )
            for key in (*CATEGORY_KEYS, "overall")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def scores(self):
        """Category scores plus overall; None means unknown."""
        result = {key: getattr(self, f"score_{key}") for key in CATEGORY_KEYS}
        result["overall"] = self.score_overall
        return result


class Criterion(models.Model):
    class ValueType(models.TextChoices):
        BOOLEAN = "boolean", _("Yes / no")
        CHOICE = "choice", _("Choice")
        GRADE = "grade", _("Grade")
        NUMBER = "number", _("Number")
        MONEY = "money", _("Money")

    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    name = models.CharField(max_length=200)
    question = models.CharField(max_length=400)
    value_type = models.CharField(max_length=10, choices=ValueType.choices)
    rubric = models.JSONField(
        help_text="choice/boolean/grade: {value: score}. number/money: "
        '{"bands": [{"min": .., "max": .., "score": ..}], "otherwise": 0, "words": {}}'
    )
    rubric_text = models.TextField(help_text="The written rubric shown on the methodology page.")
    default_weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "position", "slug"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=Q(default_weight__gte=1) & Q(default_weight__lte=10),
                name="criterion_weight_1_10",
            ),
            models.CheckConstraint(
                condition=Q(category__in=CATEGORY_KEYS), name="criterion_category_known"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        from .rubric import validate_rubric

        validate_rubric(self.value_type, self.rubric)

    def score_for(self, value):
        from .rubric import score_value

        return score_value(self.value_type, self.rubric, value)


class AssessmentQuerySet(PublishedQuerySet):
    pass


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
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.EVERYONE)
    surface = models.CharField(max_length=14, choices=Surface.choices, default=Surface.CONSUMER_APP)
    notice_days = models.PositiveIntegerField(null=True, blank=True)
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

    class Meta:
        ordering = ["date", "key"]

    def __str__(self):
        return f"{self.model} {self.get_kind_display().lower()} {self.date_iso}"

    def natural_key(self):
        return (self.key,)

    @property
    def date_iso(self):
        return iso_partial(self.date, self.date_precision)

    @property
    def date_display(self):
        return display_partial(self.date, self.date_precision)


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

    @property
    def date_iso(self):
        return iso_partial(self.date, self.date_precision)

    @property
    def date_display(self):
        return display_partial(self.date, self.date_precision)


class Campaign(models.Model):
    class Theme(models.TextChoices):
        LIGHT = "light", _("Light")
        DARK = "dark", _("Dark")
        AUTO = "auto", _("Follow the visitor's setting")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    demo = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    leave = models.ManyToManyField(
        Assistant, blank=True, related_name="campaigns_leaving", help_text="Assistants it asks people to leave."
    )
    alternatives = models.ManyToManyField(
        Assistant, blank=True, related_name="campaigns_recommending"
    )
    weights = models.JSONField(default=dict, blank=True, help_text='e.g. {"privacy": 3}')
    allowed_origins = models.JSONField(
        default=list, blank=True, help_text="Origins allowed to frame its widget."
    )
    languages = models.JSONField(default=list, blank=True)
    theme = models.CharField(max_length=5, choices=Theme.choices, default=Theme.AUTO)
    sources = models.ManyToManyField(Source, blank=True, related_name="campaigns")

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class CatalogRevision(models.Model):
    """A single row counting catalog writes: the basis of ETags and cache keys."""

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"revision {self.number}"


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
