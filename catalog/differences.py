"""What changed for an assistant between two moments: its claims and its scores, then and now.

Both sides are read the same way every as-of read is (catalog.timemachine): the earlier one
from the snapshot of that moment, the later one from its snapshot or, when it is now, from the
live catalog; the difference is taken here. A claim is an assessment of the assistant or of its
vendor (which applies to it unless it has its own), published on that side.
"""
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from catalog import timemachine
from catalog.models import Assessment, Assistant, Source, Status

# What a reader would call a change to a claim (its sources are compared separately).
COMPARED_FIELDS = ("value", "score", "verdict", "confidence", "as_of", "note")
ADDED, CHANGED, RETRACTED = "added", "changed", "retracted"


@dataclass
class Side:
    """The assistant and its published claims {assessment id: assessment} at one moment."""

    assistant: Assistant | None
    claims: dict = field(default_factory=dict)


@dataclass
class ClaimChange:
    change: str  # ADDED, CHANGED or RETRACTED
    before: Assessment | None
    after: Assessment | None
    fields: list = field(default_factory=list)  # what changed, for CHANGED

    @property
    def claim(self):
        return self.after or self.before

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
    claims: list

    @property
    def assistant(self):
        return self.after.assistant or self.before.assistant


def _read_side(slug):
    assistant = Assistant.objects.select_related("vendor").filter(slug=slug).first()
    if assistant is None:
        return Side(None)
    claims = (
        Assessment.objects.filter(status=Status.PUBLISHED)
        .filter(Q(assistant=assistant) | Q(vendor_id=assistant.vendor_id))
        .select_related("criterion")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("key")))
    )
    return Side(assistant, {claim.id: claim for claim in claims})


def side_at(slug, snapshot=None):
    """The assistant's side at `snapshot` (None: now, the live catalog)."""
    if snapshot is None:
        return _read_side(slug)
    with timemachine.reading(snapshot):
        return _read_side(slug)


def _source_keys(claim):
    return [source.key for source in claim.sources.all()]


def _differences(before, after):
    fields = [name for name in COMPARED_FIELDS if getattr(before, name) != getattr(after, name)]
    if _source_keys(before) != _source_keys(after):
        fields.append("sources")
    return fields


def _order(change):
    criterion = change.criterion
    return (criterion.category, criterion.position, criterion.slug, change.subject, change.claim.id)


def assistant_changes(slug, start, end=None):
    """What changed for the assistant `slug` from snapshot `start` to `end` (None: now)."""
    before, after = side_at(slug, start), side_at(slug, end)
    changes = []
    for claim_id, claim in after.claims.items():
        old = before.claims.get(claim_id)
        if old is None:
            changes.append(ClaimChange(ADDED, None, claim))
        elif fields := _differences(old, claim):
            changes.append(ClaimChange(CHANGED, old, claim, fields))
    changes += [ClaimChange(RETRACTED, old, None) for claim_id, old in before.claims.items() if claim_id not in after.claims]
    return AssistantChanges(slug, before, after, sorted(changes, key=_order))
