"""What a person leaving an assistant needs: plans and prices, export, import, deletion,
training opt-out, where a retired model is still reachable, and notice promises.

One model with a `kind`; the fields that belong to a kind are blank for the others
(fixtures/SCHEMA.md, "switching.yaml").
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.dates import Precision, partial_date_properties, recheck_cutoff
from catalog.models.base import Confidence, KeyPublishedManager, Status
from catalog.models.sources import Source
from catalog.models.subjects import AIModel, Assistant


class SwitchingFact(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan and price")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        DELETION = "deletion", _("Deletion")
        TRAINING_OPT_OUT = "training_opt_out", _("Training opt-out")
        MODEL_ACCESS = "model_access", _("Access to a retired model")
        NOTICE_PROMISE = "notice_promise", _("Notice promise")

    class Period(models.TextChoices):
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    key = models.SlugField(max_length=120, unique=True)
    assistant = models.ForeignKey(Assistant, on_delete=models.CASCADE, related_name="switching_facts")
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    summary = models.TextField()
    steps = models.JSONField(default=list, blank=True, help_text="The steps, in order.")
    # export
    format = models.CharField(max_length=300, blank=True, help_text="Export: what you get.")
    # export / deletion
    duration = models.CharField(max_length=300, blank=True, help_text="How long it takes or lasts.")
    # plan
    plan = models.CharField(max_length=120, blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    period = models.CharField(max_length=5, choices=Period.choices, blank=True)
    # import
    from_assistant = models.ForeignKey(
        Assistant, null=True, blank=True, on_delete=models.SET_NULL, related_name="switching_imports_from"
    )
    what = models.CharField(max_length=300, blank=True, help_text="Import: chats, memory, ...")
    regions = models.CharField(max_length=300, blank=True, help_text="Limits, as sources state.")
    # model_access
    model = models.ForeignKey(
        AIModel, null=True, blank=True, on_delete=models.PROTECT, related_name="switching_facts"
    )
    where = models.CharField(max_length=300, blank=True, help_text="Where the retired model is still available.")
    until = models.DateField(null=True, blank=True)
    until_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    as_of = models.DateField(help_text="The date the fact holds (a price's date).")
    as_of_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    checked = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="switching_facts")
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyPublishedManager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["assistant__name", "kind", "price", "key"]
        verbose_name = "switching fact"
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="switching_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price=0) | ~Q(currency=""),
                name="switching_price_has_currency",
            ),
        ]

    def __str__(self):
        return f"{self.assistant} · {self.get_kind_display()}: {self.key}"

    def natural_key(self):
        return (self.key,)

    def needs_recheck(self, today=None):
        return self.checked is None or self.checked < recheck_cutoff(today)

    until_iso, until_display = partial_date_properties("until")
    as_of_iso, as_of_display = partial_date_properties("as_of")
