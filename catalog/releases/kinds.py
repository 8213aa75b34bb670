"""What a release holds: one table per record kind, as anonymous readers see it.

Columns come from each model's fields, so a field added to a model reaches the dumps with its
help text as its description. Only published records are read; editor-only fields are left
out (a record's editorial status, the link checker's final address, a campaign's allowed
embedding origins). References are by natural key (a slug or a key), never by row id, and a
reference to a record that is not published is left empty.
"""
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import DEFAULT_DB_ALIAS, models

from catalog import models as catalog
from catalog.dates import iso_partial
from catalog.models import CATEGORY_KEYS
from catalog.scoring.scores import stored_evidence

SCORE_KEYS = (*CATEGORY_KEYS, "overall")
# The kind each referenced model's rows are in (references name it).
KIND_NAMES = {
    catalog.Vendor: "vendors", catalog.AIModel: "models", catalog.Assistant: "assistants",
    catalog.Criterion: "criteria", catalog.Source: "sources", catalog.DeprecationEvent: "deprecations",
    catalog.Campaign: "campaigns",
}

# For fields whose model gives no help text, what a reader of the data dictionary needs.
DESCRIPTIONS = {
    "id": "The record's number (stable across releases).",
    "slug": "The record's stable identifier, as in the site's and the API's addresses.",
    "key": "The record's stable identifier, as in the API.",
    "name": "Name.",
    "sources": "Keys of the sources (in the sources table) the record cites.",
    "coverage": "Share of all criteria assessed, 0 to 1.",
    "updated_at": "When an editor last changed the record.",
    "scores_updated_at": "When the stored scores were last computed.",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, number, boolean, date, partial_date, datetime, json, keys
    description: str
    references: str | None = None  # the kind a key (or each key of a list) names
    nullable: bool = True


@dataclass
class Kind:
    name: str
    model: type
    description: str
    exclude: tuple = ()
    columns: list = field(default_factory=list, init=False)
    key: str = field(default="id", init=False)

    def __post_init__(self):
        names = {f.name for f in self.model._meta.get_fields()}
        self.key = "slug" if "slug" in names else "key" if "key" in names else "id"
        self._plan = []  # (column, how to read it from a values() row)
        for model_field in self.model._meta.get_fields():
            self._add(model_field, names)

    def _add(self, f, names):
        if f.auto_created and not f.concrete:  # reverse relations
            return
        if f.name in self.exclude or is_editorial_status(f) or f.name.endswith("_precision"):
            return
        if f.primary_key and self.key != "id":
            return
        text = str(f.help_text or DESCRIPTIONS.get(f.name) or f.verbose_name)
        if f.many_to_many:
            target = f.related_model
            self._plan.append((Column(f.name, "keys", text, KIND_NAMES[target], nullable=False), ("m2m", f)))
        elif f.is_relation:
            target = f.related_model
            self._plan.append((Column(f.name, "string", text, KIND_NAMES[target]), ("fk", f"{f.name}__{natural_key(target)}")))
        elif f"{f.name}_precision" in names:
            self._plan.append((Column(f.name, "partial_date", text + " (YYYY-MM-DD, YYYY-MM or YYYY)"),
                               ("partial", f.name)))
        else:
            self._plan.append((Column(f.name, column_type(f), text, nullable=f.null), ("value", f.name)))
        self.columns = [column for column, _ in self._plan]

    def queryset(self):
        # The primary, where build.snapshot's transaction is (never the read replica).
        queryset = self.model._default_manager.using(DEFAULT_DB_ALIAS).all()
        if any(is_editorial_status(f) for f in self.model._meta.concrete_fields):
            queryset = queryset.filter(status=catalog.Status.PUBLISHED)
        return queryset.order_by(self.key)

    def lookups(self):
        lookups = ["pk"]
        for _, (how, what) in self._plan:
            if how in ("fk", "value"):
                lookups.append(what)
            elif how == "partial":
                lookups += [what, f"{what}_precision"]
        return lookups

    def read(self):
        """The kind's rows as dicts, references not yet checked against what is published."""
        queryset = self.queryset()
        values = list(queryset.values(*self.lookups()))
        linked = {f.name: self._links(f, queryset) for _, (how, f) in self._plan if how == "m2m"}
        rows = []
        for value in values:
            row = {}
            for column, (how, what) in self._plan:
                if how == "m2m":
                    row[column.name] = linked[column.name].get(value["pk"], [])
                elif how == "partial":
                    row[column.name] = iso_partial(value[what], value[f"{what}_precision"])
                else:
                    row[column.name] = value[what]
            self.complete(row, value)
            rows.append(row)
        return rows

    def complete(self, row, value):
        """Add computed columns to `row` from its values() `value`; nothing by default."""

    def _links(self, f, queryset):
        """{row pk: [keys]} of a many-to-many field, in one query."""
        through = f.remote_field.through
        source = f.m2m_field_name()
        target = f.m2m_reverse_field_name()
        links = {}
        pairs = through.objects.using(DEFAULT_DB_ALIAS).filter(**{f"{source}__in": queryset.values("pk")}).values_list(
            f"{source}_id", f"{target}__{natural_key(f.related_model)}"
        )
        for pk, key in pairs.order_by(f"{source}_id", f"{target}__{natural_key(f.related_model)}"):
            links.setdefault(pk, []).append(key)
        return links


def is_editorial_status(f):
    """The draft / published / retracted field (not an assistant's or a model's life status)."""
    return f.name == "status" and getattr(f, "choices", None) == catalog.Status.choices


def natural_key(model):
    names = {f.name for f in model._meta.get_fields()}
    return "slug" if "slug" in names else "key" if "key" in names else "pk"


def column_type(f):
    if isinstance(f, models.BooleanField):
        return "boolean"
    if isinstance(f, (models.IntegerField, models.AutoField)):
        return "integer"
    if isinstance(f, (models.FloatField, models.DecimalField)):
        return "number"
    if isinstance(f, models.DateTimeField):
        return "datetime"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.JSONField):
        return "json"
    return "string"


class AssistantKind(Kind):
    """Assistants also carry their scores as the API shows them (docs/methodology.md): per
    category and overall the shown score (the band's low end with enough evidence, else
    empty), the band, whether the evidence is enough, and its coverage."""

    STORED = tuple(f"{kind}_{key}" for key in SCORE_KEYS for kind in ("band_low", "band_high", "coverage", "enough"))

    def __post_init__(self):
        self.exclude = (*self.exclude, *self.STORED, *(f"score_{key}" for key in SCORE_KEYS))
        super().__post_init__()
        for key in SCORE_KEYS:
            label = "overall (default weights)" if key == "overall" else key
            self.columns += [
                Column(f"score_{key}", "number", f"Shown {label} score 0-100: the band's low end, empty without enough evidence."),
                Column(f"band_low_{key}", "number", f"Lowest the {label} score can be once the unknowns are known.", nullable=False),
                Column(f"band_high_{key}", "number", f"Highest the {label} score can be.", nullable=False),
                Column(f"enough_evidence_{key}", "boolean", f"Whether enough of the {label} criterion weight is assessed to show and rank it.", nullable=False),
                Column(f"coverage_{key}", "number", f"Share of the {label} criterion weight assessed (not unknown, not disputed), 0 to 1.", nullable=False),
            ]

    def lookups(self):
        return [*super().lookups(), *self.STORED]

    def complete(self, row, value):
        # The same rounding as the API (api/serializers/base.py evidence_data).
        for key, evidence in stored_evidence(SimpleNamespace(**value)).items():
            row[f"score_{key}"] = round(evidence.score, 1) if evidence.score is not None else None
            row[f"band_low_{key}"] = round(evidence.band.low, 1)
            row[f"band_high_{key}"] = round(evidence.band.high, 1)
            row[f"enough_evidence_{key}"] = evidence.enough
            row[f"coverage_{key}"] = round(evidence.coverage, 3)


KINDS = [
    Kind("vendors", catalog.Vendor, "Companies behind the assistants and models."),
    Kind("models", catalog.AIModel, "AI models, with their release and retirement dates."),
    AssistantKind("assistants", catalog.Assistant, "Assistants, with their stored scores, bands and coverage."),
    Kind("criteria", catalog.Criterion, "The criteria every assistant is assessed on, with their rubrics."),
    Kind("sources", catalog.Source, "What every claim cites.", exclude=("link_final_url",)),
    Kind("assessments", catalog.Assessment, "One criterion answered for an assistant or a vendor as a whole."),
    Kind("deprecations", catalog.DeprecationEvent, "Deprecation events: announcements, retirements, reinstatements."),
    Kind("political_ties", catalog.PoliticalTie, "Political ties of vendors and their executives, of every side."),
    Kind("regulator_actions", catalog.RegulatorAction, "Actions of data-protection and consumer authorities."),
    Kind("offered_models", catalog.OfferedModel, "Other makers' models an assistant offers, under its terms with them."),
    Kind("searches", catalog.SearchRecord, "Searches that found nothing (unknown means looked-for)."),
    Kind("switching_facts", catalog.SwitchingFact, "What a person leaving an assistant needs: plans, export, deletion."),
    Kind("campaigns", catalog.Campaign, "Campaigns and the assistants they ask people to leave.", exclude=("allowed_origins",)),
    Kind("campaign_suggestions", catalog.CampaignSuggestion, "What each source says a campaign suggests."),
]
BY_NAME = {kind.name: kind for kind in KINDS}


def read_all():
    """{kind name: rows}, with every reference to an unpublished record left empty."""
    data = {kind.name: kind.read() for kind in KINDS}
    keys = {kind.name: {row[kind.key] for row in data[kind.name]} for kind in KINDS}
    for kind in KINDS:
        for column in kind.columns:
            if not column.references:
                continue
            known = keys[column.references]
            for row in data[kind.name]:
                if column.type == "keys":
                    row[column.name] = [key for key in row[column.name] if key in known]
                elif row[column.name] is not None and row[column.name] not in known:
                    row[column.name] = None
    return data
