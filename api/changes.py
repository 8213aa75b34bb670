"""GET /api/v1/changes/?since=<cursor>: every change to an editorial record, in commit order
(catalog.changes), so a client can mirror the catalog without re-reading it (docs/api.md).

A cursor is `<revision>.<entry>`; a plain revision number (a release manifest's) means "every
change after that revision". Pages are keyset-paginated on (revision, entry): a stored cursor
stays valid whatever is written meanwhile.

Who sees what follows api/history.py: the public sees published changes only (a draft that is
published appears as `created`, one that leaves the public view as `retracted`, with no record)
and editors see every change, those the public does not see as `draft`.

A constant few queries per page: the catalog revision, one page of entries, then for each kind
of record on the page its versions with their references and cited keys.
"""
import re
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.caching import revision_read
from api.history import record_serializer_for, versions_ready
from api.pagination import CatalogPagination
from api.permissions import is_editor
from api.views.base import CatalogViewMixin
from catalog.changes import KINDS, attach_versions, public_entries
from catalog.models import ChangeEntry
from edge.parameters import ParameterError

CURSOR = re.compile(r"(\d{1,18})(?:\.(\d{1,18}))?")
CURSOR_ACCEPTED = "a catalog revision number (e.g. 42) or a cursor this feed gave (e.g. 42.1337)"
# The API resource of each kind that has one, and the field its URL names.
DETAIL_ROUTES = {
    "source": "source",
    "vendor": "vendor",
    "model": "model",
    "assistant": "assistant",
    "criterion": "criterion",
    "assessment": "assessment",
    "deprecation": "deprecation",
    "political-tie": "political-tie",
    "regulator-action": "regulator-action",
    "search": "search",
}


def parse_cursor(raw):
    """(revision, entry) after which to read; entry None means after the whole revision."""
    if raw in (None, ""):
        return 0, None
    match = CURSOR.fullmatch(raw)
    if match is None:
        raise ParameterError("since", f"since must be a revision number or a cursor, not {raw[:40]!r}", CURSOR_ACCEPTED)
    revision, entry = match.groups()
    return int(revision), None if entry is None else int(entry)


def after(revision, entry):
    if entry is None:
        return Q(revision__gt=revision)
    return Q(revision__gt=revision) | Q(revision=revision, id__gt=entry)


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Pass it as `since` to read the changes after this one.")
    kind = serializers.ChoiceField(choices=list(KINDS), help_text="What kind of record changed.")
    key = serializers.CharField(help_text="The record's slug, key or id (as its API address names it).")
    previous_key = serializers.SerializerMethodField(
        help_text="The key it had before, when this change renamed it (drop that key); else null."
    )
    action = serializers.ChoiceField(
        choices=ChangeEntry.Action.values,
        help_text="created (entered the public view), updated, retracted (left it: retracted, "
        "back to draft or deleted); editors also see draft (a change the public does not see).",
    )
    when = serializers.DateTimeField(source="changed_at", help_text="When the change was written.")
    url = serializers.SerializerMethodField(help_text="The record's API address, if it has one.")
    record = serializers.SerializerMethodField(
        help_text="The record after the change: its fields, references by key, the keys of the "
        "sources it cites. Null for the public when retracted."
    )

    def get_previous_key(self, entry) -> str | None:
        return entry.previous_key or None

    def get_url(self, entry) -> str | None:
        route = DETAIL_ROUTES.get(entry.kind)
        if route is None or entry.action == ChangeEntry.Action.RETRACTED and not self.context["editor"]:
            return None
        try:
            path = reverse(f"api:{route}-detail", args=[entry.key])
        except NoReverseMatch:
            return None
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_record(self, entry):
        if entry.version is None or entry.action == ChangeEntry.Action.RETRACTED and not self.context["editor"]:
            return None
        return record_serializer_for(KINDS[entry.kind])(entry.version, context=self.context).data


class ChangeFeedView(CatalogViewMixin, GenericAPIView):
    serializer_class = ChangeSerializer
    pagination_class = None
    action_parameters = {"get": ("since", "page_size")}

    @extend_schema(
        summary="Every change to the catalog, in commit order (to mirror it)",
        description="Creates, updates and retractions of every kind of record, oldest first, "
        "20 a page (at most 100). Start from 0, or from the revision number of a release "
        "manifest; follow `next` until it is null, then keep `cursor` and come back with it: "
        "every change committed after it comes exactly once. Drafts: editors only.",
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "string", "pattern": CURSOR.pattern},
                description="Where to start: " + CURSOR_ACCEPTED + ". Default 0 (the beginning).",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": CatalogPagination.max_page_size, "default": 20},
            ),
        ],
        responses=inline_serializer(
            "ChangePage",
            {
                "cursor": serializers.CharField(help_text="Where to resume: the last change of this page, or `since`."),
                "next": serializers.URLField(allow_null=True, help_text="The next page, null when none yet."),
                "results": ChangeSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        revision, entry = parse_cursor(request.query_params.get("since"))
        size = CatalogPagination().get_page_size(request)
        editor = is_editor(request)

        def produce():
            entries = (ChangeEntry.objects if editor else public_entries()).filter(after(revision, entry))
            page = list(entries.order_by("revision", "id")[: size + 1])
            more, page = len(page) > size, page[:size]
            attach_versions(page, versions_ready)
            cursor = page[-1].cursor if page else request.query_params.get("since") or "0"
            url = request.build_absolute_uri()
            context = {**self.get_serializer_context(), "editor": editor}
            return Response(
                {
                    "cursor": cursor,
                    "next": replace_query_param(url, "since", cursor) if more else None,
                    "results": ChangeSerializer(page, many=True, context=context).data,
                }
            )

        return revision_read(request, produce)
