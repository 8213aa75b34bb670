"""Who makes which assistant: vendors, their AI models and assistants, and the criteria every
assistant is assessed on."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.dates import Precision
from catalog.models.base import CATEGORY_KEYS, Category, SlugManager
from catalog.models.sources import Source
from catalog.rubric import score_value, validate_rubric


class Vendor(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    country = models.CharField(
        max_length=2, blank=True, db_index=True, help_text="ISO 3166-1 alpha-2; blank if unknown"
    )
    jurisdiction = models.CharField(max_length=600, blank=True)
    ownership = models.TextField(blank=True)
    website = models.URLField(blank=True)
    verified = models.BooleanField(
        default=True, help_text="False when the operator's identity could not be confirmed."
    )
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="vendors")
    # Where user data is stored, as sources state (free text and ISO 3166-1 alpha-2 codes).
    data_storage = models.TextField(blank=True)
    data_storage_countries = models.JSONField(default=list, blank=True)
    data_storage_sources = models.ManyToManyField(
        Source, blank=True, related_name="vendors_storage"
    )

    objects = SlugManager()
    history = HistoricalRecords(m2m_fields=[sources, data_storage_sources])

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


EVIDENCE_FIELDS = [
    f"{kind}_{key}"
    for key in (*CATEGORY_KEYS, "overall")
    for kind in ("band_low", "band_high", "coverage", "enough")
]


def band_field(default):
    return models.FloatField(default=default, editable=False)


class Assistant(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")
        # No source has shown that it exists or who runs it: shown as such, never ranked.
        UNVERIFIED = "unverified", _("Unverified")

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
    # Evidence bands (catalog/scoring/bands.py), stored for the same reason: the lowest and
    # highest each score could be once the unknowns are known, the share of criterion weight
    # assessed, and whether that is enough to show and rank it. Overall: default weights.
    band_low_privacy = band_field(0)
    band_high_privacy = band_field(100)
    coverage_privacy = band_field(0)
    enough_privacy = models.BooleanField(default=False, editable=False)
    band_low_political_ties = band_field(0)
    band_high_political_ties = band_field(100)
    coverage_political_ties = band_field(0)
    enough_political_ties = models.BooleanField(default=False, editable=False)
    band_low_safety = band_field(0)
    band_high_safety = band_field(100)
    coverage_safety = band_field(0)
    enough_safety = models.BooleanField(default=False, editable=False)
    band_low_deprecation = band_field(0)
    band_high_deprecation = band_field(100)
    coverage_deprecation = band_field(0)
    enough_deprecation = models.BooleanField(default=False, editable=False)
    band_low_overall = band_field(0)
    band_high_overall = band_field(100)
    coverage_overall = band_field(0)
    enough_overall = models.BooleanField(default=False, editable=False)

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
            *EVIDENCE_FIELDS,
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
        # "Best first" is how lists are read. These indexes let a page of 20 be read in order
        # instead of sorting every matching assistant (at 10,000 assistants, the difference
        # between a 6 ms and a sub-millisecond query).
        # Lists read best first by the evidence method (catalog.scoring.scores.evidence_order):
        # enough evidence first, then band low, coverage, band high, name. The columns are
        # never NULL, so these indexes work on SQLite too. (They replace 0003's, on score_<key>.)
        indexes = [
            models.Index(
                F(f"enough_{key}").desc(), F(f"band_low_{key}").desc(), F(f"coverage_{key}").desc(),
                F(f"band_high_{key}").desc(), F("name"), F("id"), name=f"assistant_rank_{key}"
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
        validate_rubric(self.value_type, self.rubric)

    def score_for(self, value):
        return score_value(self.value_type, self.rubric, value)
