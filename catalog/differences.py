"""What changed for an assistant between two moments: its claims and its scores, then and now.

Both sides are read the same way every as-of read is (catalog.timemachine): the earlier one
from the snapshot of that moment, the later one from its snapshot or, when it is now, from the
live catalog; the difference is taken here, by one mechanism over every kind of record that
says something about the assistant (RECORD_KINDS): the assessments of the assistant and of its
vendor (which applies to it unless it has its own), the deprecation events of the models it
runs and its own, its vendor's political ties, the regulator actions aimed at it or at its
vendor without naming an assistant, and its switching facts; each as published on that side.
"""
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from catalog import timemachine
from catalog.models import (
    Assessment,
    Assistant,
    DeprecationEvent,
    PoliticalTie,
    RegulatorAction,
    Source,
    Status,
    SwitchingFact,
)

ADDED, CHANGED, RETRACTED = "added", "changed", "retracted"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record the difference covers: which rows concern the assistant, and which
    fields a reader would call a change (its sources are compared separately)."""

    name: str
    model: type
    compared: tuple
    concerning: object  # assistant -> Q
    related: tuple = ()

    def published_for(self, assistant):
        rows = (
            self.model.objects.filter(status=Status.PUBLISHED)
            .filter(self.concerning(assistant))
            .select_related(*self.related)
            .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("key")))
        )
        # Distinct: a model the assistant runs is reached through a join; the order is set later.
        return {row.id: row for row in rows.order_by().distinct()}


CLAIMS = RecordKind(
    "claims",
    Assessment,
    ("value", "score", "verdict", "confidence", "as_of", "note"),
    lambda assistant: Q(assistant=assistant) | Q(vendor_id=assistant.vendor_id),
    ("criterion",),
)
DEPRECATIONS = RecordKind(
    "deprecations",
    DeprecationEvent,
    ("model", "kind", "date", "date_precision", "scope", "surface", "notice_days", "summary", "note", "confidence"),
    lambda assistant: Q(model__assistants=assistant) | Q(assistant=assistant),
    ("model__vendor", "assistant"),
)
POLITICAL_TIES = RecordKind(
    "political_ties",
    PoliticalTie,
    ("person", "recipient", "kind", "amount", "currency", "date", "date_precision", "jurisdiction", "summary",
     "note", "confidence"),
    lambda assistant: Q(vendor_id=assistant.vendor_id),
    ("vendor",),
)
REGULATOR_ACTIONS = RecordKind(
    "regulator_actions",
    RegulatorAction,
    ("assistant", "authority", "jurisdiction", "kind", "date", "date_precision", "outcome", "amount", "currency",
     "summary", "note", "confidence"),
    lambda assistant: Q(assistant=assistant) | Q(vendor_id=assistant.vendor_id, assistant__isnull=True),
    ("vendor", "assistant"),
)
SWITCHING_FACTS = RecordKind(
    "switching_facts",
    SwitchingFact,
    ("kind", "summary", "steps", "format", "duration", "plan", "price", "currency", "period", "from_assistant",
     "what", "regions", "model", "where", "until", "as_of", "note", "confidence"),
    lambda assistant: Q(assistant=assistant),
    ("from_assistant", "model"),
)
RECORD_KINDS = (CLAIMS, DEPRECATIONS, POLITICAL_TIES, REGULATOR_ACTIONS, SWITCHING_FACTS)
# Kept for the claims' schema (api.serializers.changes).
COMPARED_FIELDS = CLAIMS.compared


@dataclass
class Side:
    """The assistant and its published records {kind name: {id: record}} at one moment."""

    assistant: Assistant | None
    records: dict = field(default_factory=dict)

    @property
    def claims(self):
        return self.records.get(CLAIMS.name, {})


@dataclass
class RecordChange:
    change: str  # ADDED, CHANGED or RETRACTED
    before: object | None
    after: object | None
    fields: list = field(default_factory=list)  # what changed, for CHANGED

    @property
    def record(self):
        return self.after or self.before

    # For a claim (an assessment):
    claim = record

    @property
    def criterion(self):
        return self.claim.criterion

    @property
    def subject(self):
        return "vendor" if self.claim.vendor_id else "assistant"



@dataclass
class AssistantChanges:
    slug: str
    before: Side
    after: Side
    records: dict  # {kind name: [RecordChange]}

    @property
    def assistant(self):
        return self.after.assistant or self.before.assistant

    @property
    def claims(self):
        return self.records[CLAIMS.name]


def _read_side(slug):
    assistant = Assistant.objects.select_related("vendor").filter(slug=slug).first()
    if assistant is None:
        return Side(None)
    return Side(assistant, {kind.name: kind.published_for(assistant) for kind in RECORD_KINDS})


def side_at(slug, snapshot=None):
    """The assistant's side at `snapshot` (None: now, the live catalog)."""
    if snapshot is None:
        return _read_side(slug)
    with timemachine.reading(snapshot):
        return _read_side(slug)


def _source_keys(record):
    return [source.key for source in record.sources.all()]


def _differences(kind, before, after):
    # Compared by attname: a reference is compared by id, without loading it.
    attnames = {name: kind.model._meta.get_field(name).attname for name in kind.compared}
    fields = [name for name, attname in attnames.items() if getattr(before, attname) != getattr(after, attname)]
    if _source_keys(before) != _source_keys(after):
        fields.append("sources")
    return fields


def _claim_order(change):
    criterion = change.criterion
    return (criterion.category, criterion.position, criterion.slug, change.subject, change.claim.id)


def _record_order(change):
    return (change.record.key,)


def _changes(kind, before, after):
    changes = []
    for record_id, record in after.items():
        old = before.get(record_id)
        if old is None:
            changes.append(RecordChange(ADDED, None, record))
        elif fields := _differences(kind, old, record):
            changes.append(RecordChange(CHANGED, old, record, fields))
    changes += [RecordChange(RETRACTED, old, None) for record_id, old in before.items() if record_id not in after]
    return sorted(changes, key=_claim_order if kind is CLAIMS else _record_order)


def assistant_changes(slug, start, end=None):
    """What changed for the assistant `slug` from snapshot `start` to `end` (None: now)."""
    before, after = side_at(slug, start), side_at(slug, end)
    records = {
        kind.name: _changes(kind, before.records.get(kind.name, {}), after.records.get(kind.name, {}))
        for kind in RECORD_KINDS
    }
    return AssistantChanges(slug, before, after, records)
