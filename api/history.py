"""GET <record>/history/: every stored version of an editorial record, newest first.

The versions come from django-simple-history. Each one says when it was written, how
(`+` created, `~` changed, `-` deleted), by whom, and the record's field values at that
moment, with the keys of what it cited then (its sources; an assistant's models too).

Who may see what (docs/integrity.md):
- a record the public cannot see (a draft, or one retracted and so gone from the public
  lists) has a history only editors can read; anyone else gets the same 404 as its detail;
- the public history of a public record leaves out the versions written while it was a
  draft (work in progress, not a claim the catalog made), and names no editor: a version
  written by a person says "editor", one written by a load or a background job says null.
  Editors see every version and the editor's username.

A constant few queries whatever the number of versions: the catalog revision, the record,
the page count, one page of versions with their references and users, and the cited keys of
that page (one query per kind of cited record).
"""

from functools import cache

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action

from api.caching import revision_read
from api.permissions import is_editor
from catalog.changes import natural_key_field
from catalog.models import Status

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# A version written by a person, as the public sees it: accountable, yet not a name to target.
ANONYMISED_EDITOR = "editor"


@cache
def record_serializer_for(model):
    """A serializer of one historical version's field values (references by slug or key)."""
    history_model = model.history.model
    attrs = {}
    names = []
    for field in history_model.tracked_fields:
        names.append(field.name)
        if field.is_relation:
            attrs[field.name] = serializers.SlugRelatedField(
                slug_field=natural_key_field(field.related_model),
                read_only=True,
                allow_null=field.null,
            )
    for m2m_field in history_model._history_m2m_fields:
        names.append(m2m_field.name)
        attrs[m2m_field.name] = serializers.SerializerMethodField(
            method_name=f"get_{m2m_field.name}",
            help_text=f"Keys of the {m2m_field.related_model._meta.verbose_name_plural} "
            "cited by this version.",
        )
        attrs[f"get_{m2m_field.name}"] = _cited_keys_getter(m2m_field)
    attrs["Meta"] = type("Meta", (), {"model": history_model, "fields": names})
    return type(f"{model.__name__}VersionRecordSerializer", (serializers.ModelSerializer,), attrs)


def _cited_keys_getter(m2m_field):
    accessor, _ = version_rows(m2m_field)
    target = m2m_field.m2m_reverse_field_name()
    key = natural_key_field(m2m_field.related_model)

    def get_keys(self, version) -> list[str]:
        rows = getattr(version, accessor).all()  # prefetched with their targets
        return sorted(getattr(getattr(row, target), key) for row in rows if getattr(row, target))

    return get_keys


def version_rows(m2m_field):
    """(accessor, model) of the m2m rows simple-history stores with each version."""
    history_model = m2m_field.model.history.model
    for relation in history_model._meta.related_objects:
        rows_model = relation.related_model
        if getattr(rows_model, "instance_type", None) is m2m_field.remote_field.through:
            return relation.get_accessor_name(), rows_model
    raise LookupError(f"simple-history keeps no versions of {m2m_field}")


class VersionSerializer(serializers.Serializer):
    """One stored version of a record."""

    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField(help_text="When this version was written.")
    history_type = serializers.ChoiceField(
        choices=list(HISTORY_TYPES.items()), help_text="+ created, ~ changed, - deleted."
    )
    change = serializers.SerializerMethodField(help_text="created, changed or deleted.")
    changed_by = serializers.SerializerMethodField(
        help_text=f'Editors see the username; others see "{ANONYMISED_EDITOR}". '
        "Null when no person wrote it (catalog load, background job)."
    )
    reason = serializers.CharField(source="history_change_reason", allow_null=True)

    def get_change(self, version) -> str:
        return HISTORY_TYPES[version.history_type]

    def get_changed_by(self, version) -> str | None:
        if version.history_user_id is None:
            return None
        if self.context.get("editor"):
            return version.history_user.get_username()
        return ANONYMISED_EDITOR


@cache
def version_serializer_for(model):
    record = record_serializer_for(model)
    return type(
        f"{model.__name__}VersionSerializer",
        (VersionSerializer,),
        {"record": record(source="*", help_text="The record's fields in this version.")},
    )


def versions_ready(versions):
    """`versions` (a queryset of one model's versions) with what their serializer reads:
    references, users and cited keys, in a constant few queries."""
    history_model = versions.model
    references = [field.name for field in history_model.tracked_fields if field.is_relation]
    prefetches = []
    for m2m_field in history_model._history_m2m_fields:
        accessor, rows_model = version_rows(m2m_field)
        rows = rows_model.objects.select_related(m2m_field.m2m_reverse_field_name())
        prefetches.append(Prefetch(accessor, queryset=rows))
    return versions.select_related("history_user", *references).prefetch_related(*prefetches)


def versions_of(instance, editor):
    """The versions of `instance` the caller may see, newest first, ready to serialize."""
    history_model = type(instance).history.model
    versions = versions_ready(instance.history.all()).order_by("-history_date", "-history_id")
    if not editor and "status" in {field.name for field in history_model.tracked_fields}:
        versions = versions.exclude(status=Status.DRAFT)
    return versions


class HistoryMixin:
    """Adds GET <detail>/history/ to a viewset whose model keeps a simple-history."""

    @action(detail=True, filter_backends=[])
    def history(self, request, *args, **kwargs):
        def produce():
            instance = self.get_object()
            editor = is_editor(request)
            page = self.paginate_queryset(versions_of(instance, editor))
            serializer = version_serializer_for(type(instance))(
                page, many=True, context={**self.get_serializer_context(), "editor": editor}
            )
            return self.get_paginated_response(serializer.data)

        return revision_read(request, produce)


def history_schema(model, noun):
    """OpenAPI for a viewset's history action (the version shape is built from the model)."""
    return extend_schema(
        summary=f"Every version of {noun}, newest first",
        description="Who changed what and when, with the cited keys of each version. Drafts "
        "and retracted records: editors only. The public sees no draft versions and no "
        "editor names.",
        responses=version_serializer_for(model)(many=True),
        filters=False,
    )
