"""The change feed: every version simple-history stores of an editorial record, as the public
(or an editor) sees it, in commit order.

Recorded as ChangeEntry rows by a post_create_historical_record receiver rather than read
from the fourteen historical tables: one indexed table orders by (revision, id) in one query,
and the public action (created / updated / retracted) is decided once, when the version is
written, against the record's previous public state. Bulk loads (catalog.ingest.loading) save
row by row, so simple-history writes their versions and this receiver records them too.
"""
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from simple_history.signals import post_create_historical_record

from catalog import revision
from catalog.models import (
    AIModel,
    Assessment,
    Assistant,
    ChangeEntry,
    Criterion,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Status,
    SwitchingFact,
    Vendor,
)

# Every history-tracked editorial model, by the name the feed gives its kind (the API's
# resource names, in the singular). Campaigns keep no history, so they are not in the feed.
KINDS = {
    "source": Source,
    "vendor": Vendor,
    "model": AIModel,
    "assistant": Assistant,
    "criterion": Criterion,
    "assessment": Assessment,
    "deprecation": DeprecationEvent,
    "political-tie": PoliticalTie,
    "regulator-action": RegulatorAction,
    "offered-model": OfferedModel,
    "search": SearchRecord,
    "switching-fact": SwitchingFact,
}
KIND_OF = {model: kind for kind, model in KINDS.items()}


def natural_key_field(model):
    """The stable public name of a row: its slug or key (what the API's URLs use), else pk."""
    names = {field.name for field in model._meta.fields}
    return next((name for name in ("slug", "key") if name in names), "pk")


def key_of(model, version):
    """The record's key in one of its versions (a version's own pk is its history_id)."""
    name = natural_key_field(model)
    return str(version.id if name == "pk" else getattr(version, name))


def has_editorial_status(model):
    """True when the model's `status` is the draft / published / retracted workflow (an
    assistant's or AI model's status is its lifecycle: every one of them is public)."""
    field = next((f for f in model._meta.fields if f.name == "status"), None)
    return field is not None and list(field.choices or ()) == list(Status.choices)


def is_public(model, version, history_type):
    if history_type == "-":
        return False
    return not has_editorial_status(model) or version.status == Status.PUBLISHED


def _previous(kind, model, record_id, history_id):
    """(public, key) of the record before this version: its last entry, else (records older
    than the feed) its previous stored version."""
    entry = (
        ChangeEntry.objects.filter(kind=kind, record_id=record_id)
        .order_by("-revision", "-id")
        .values_list("action", "key")
        .first()
    )
    if entry is not None:
        action, key = entry
        return action in (ChangeEntry.Action.CREATED, ChangeEntry.Action.UPDATED), key
    version = (
        model.history.filter(id=record_id, history_id__lt=history_id).order_by("-history_id").first()
    )
    if version is None:
        return False, None
    return is_public(model, version, version.history_type), key_of(model, version)


def action_for(was_public, now_public):
    if now_public:
        return ChangeEntry.Action.UPDATED if was_public else ChangeEntry.Action.CREATED
    return ChangeEntry.Action.RETRACTED if was_public else ChangeEntry.Action.DRAFT


PUBLIC_ACTIONS = (ChangeEntry.Action.CREATED, ChangeEntry.Action.UPDATED, ChangeEntry.Action.RETRACTED)


def public_entries():
    return ChangeEntry.objects.filter(action__in=PUBLIC_ACTIONS)


def attach_versions(entries, ready=lambda versions: versions):
    """Set each entry's `version`: one query per kind on the page (`ready` adds what the
    caller reads of them: references, cited keys)."""
    wanted = defaultdict(list)
    for entry in entries:
        wanted[entry.kind].append(entry.history_id)
    versions = {}
    for kind, ids in wanted.items():
        for version in ready(KINDS[kind].history.model.objects.filter(history_id__in=ids)):
            versions[kind, version.history_id] = version
    for entry in entries:
        entry.version = versions.get((entry.kind, entry.history_id))
    return entries


def concerning(assistant):
    """The entries about an assistant: itself, its vendor, and the records that name either
    (as they stand now)."""
    subject = Q(assistant=assistant) | Q(vendor=assistant.vendor_id)
    related = {
        "assistant": Assistant.objects.filter(pk=assistant.pk),
        "vendor": Vendor.objects.filter(pk=assistant.vendor_id),
        "assessment": Assessment.objects.filter(subject),
        "deprecation": DeprecationEvent.objects.filter(Q(assistant=assistant) | Q(model__assistants=assistant)),
        "political-tie": PoliticalTie.objects.filter(vendor=assistant.vendor_id),
        "regulator-action": RegulatorAction.objects.filter(subject),
        "offered-model": OfferedModel.objects.filter(assistant=assistant),
        "search": SearchRecord.objects.filter(subject),
        "switching-fact": SwitchingFact.objects.filter(assistant=assistant),
    }
    scope = Q()
    for kind, records in related.items():
        scope |= Q(kind=kind, record_id__in=records.values("pk"))
    return ChangeEntry.objects.filter(scope)


def record_change(sender, history_instance, **kwargs):
    model = sender.instance_type
    kind = KIND_OF[model]
    version = history_instance
    record_id = version.id
    key = key_of(model, version)
    # Atomic even in autocommit: a reader must never see the bumped revision without its entry.
    with transaction.atomic():
        number = revision.stamp()
        was_public, previous_key = _previous(kind, model, record_id, version.history_id)
        ChangeEntry.objects.create(
            revision=number,
            kind=kind,
            record_id=record_id,
            key=key,
            previous_key=previous_key if previous_key not in (None, key) else "",
            action=action_for(was_public, is_public(model, version, version.history_type)),
            history_id=version.history_id,
            changed_at=version.history_date,
        )


for _kind, _model in KINDS.items():
    post_create_historical_record.connect(
        record_change, sender=_model.history.model, dispatch_uid=f"change-feed-{_kind}"
    )
