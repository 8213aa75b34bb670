"""Editable records (assessments, sources, deprecation events, political ties): read by all,
written by editors with If-Match.
"""
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.http import parse_etags
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from api import filtersets, serializers
from api.caching import record_read, revision_read
from api.history import HistoryMixin, history_schema
from api.permissions import is_editor

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import IF_MATCH, SLUG_PATTERN, CatalogViewMixin
from catalog.models import (
    Assessment,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
)
from catalog.selectors import cited_sources
from edge.conditional import PreconditionFailed, PreconditionRequired, record_etag
from edge.parameters import ParameterError


class EditorialViewSet(
    HistoryMixin,
    CatalogViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read by all, written by editors. Nothing is deleted: retract by setting the status.
    Every version is kept and listed at <detail>/history/.

    Lists follow the catalog revision; a record's detail carries the record's own ETag, which
    PUT and PATCH require in If-Match (428 without it, 412 when someone changed it since).
    """

    write_serializer_class = None
    has_status = True

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.has_status and not is_editor(self.request):
            queryset = queryset.filter(status=Status.PUBLISHED)
        return queryset

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        return revision_read(
            request, lambda: super(EditorialViewSet, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return record_read(request, self.representation(self.get_object()))

    def representation(self, instance):
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def fresh(self, pk):
        """The record as a GET would show it now (same prefetches, same order)."""
        return self.get_queryset().get(pk=pk)

    def committed(self, write, status_code):
        """Run `write()` in one transaction and answer with the record as now stored.

        The answer is read inside the transaction too, so it comes from the primary database
        even when reads go to a replica.
        """
        try:
            with transaction.atomic():
                data = self.representation(self.fresh(write().pk))
        except IntegrityError as error:
            # The serializer checks every rule first; this is a concurrent write or the
            # database's own check at commit (PostgreSQL's "published needs a source" trigger).
            raise ParameterError(
                None, f"the catalog refused this write: {error}", code="conflict"
            ) from None
        return Response(data, status=status_code, headers={"ETag": record_etag(data)})

    def refuse_read_only(self, data):
        """400 naming every field the body sets that a write cannot change (`key`, `score`,
        `id`, ...): silently ignoring them would answer success for a change not made."""
        if not isinstance(data, Mapping):
            return
        writable = {name for name, field in self.get_serializer().fields.items() if not field.read_only}
        shown = set(self.serializer_class().fields)
        refused = [name for name in data if name not in writable and name in shown]
        if refused:
            raise ParameterError.many(
                [
                    ParameterError(name, f"{name} is read-only: it is set by the catalog", sorted(writable), code="read_only")
                    for name in refused
                ]
            )

    def create(self, request, *args, **kwargs):
        self.refuse_read_only(request.data)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.committed(serializer.save, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        expected = parse_etags(request.headers.get("If-Match", ""))
        if not expected:
            raise PreconditionRequired()
        partial = kwargs.pop("partial", False)
        self.refuse_read_only(request.data)

        def write():
            instance = self.get_object()
            # Lock the row so two editors holding the same ETag cannot both pass the check.
            type(instance).objects.select_for_update().filter(pk=instance.pk).exists()
            instance = self.fresh(instance.pk)
            if "*" not in expected and record_etag(self.representation(instance)) not in expected:
                raise PreconditionFailed()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            if partial and not serializer.validated_data:
                return instance  # nothing to change: no save, no history version
            return serializer.save()

        return self.committed(write, status.HTTP_200_OK)


def editorial_schema(model, noun, list_summary, read_serializer):
    """OpenAPI summaries for an editable resource; writes answer with the read shape."""
    return extend_schema_view(
        history=history_schema(model, noun),
        list=extend_schema(summary=list_summary),
        retrieve=extend_schema(summary=f"Read {noun}, with its ETag for If-Match"),
        create=extend_schema(summary=f"Add {noun} (editors)", responses={201: read_serializer}),
        update=extend_schema(
            summary=f"Replace {noun} (editors, If-Match)",
            responses=read_serializer,
            parameters=[IF_MATCH],
        ),
        partial_update=extend_schema(
            summary=f"Change {noun} (editors, If-Match)",
            responses=read_serializer,
            parameters=[IF_MATCH],
        ),
    )


@editorial_schema(
    Assessment,
    "an assessment",
    "Assessments (one criterion answered for one subject)",
    serializers.AssessmentSerializer,
)
class AssessmentViewSet(EditorialViewSet):
    queryset = (
        Assessment.objects.select_related("assistant", "vendor", "criterion")
        .prefetch_related(cited_sources())
        .order_by("criterion__category", "criterion__position", "criterion__slug", "pk")
    )
    serializer_class = serializers.AssessmentSerializer
    write_serializer_class = serializers.AssessmentWriteSerializer
    filterset_class = filtersets.AssessmentFilterSet
    lookup_value_regex = "[0-9]+"


@editorial_schema(Source, "a source", "Sources cited by the catalog", serializers.SourceSerializer)
class SourceViewSet(EditorialViewSet):
    queryset = Source.objects.select_related("repost_of").order_by("-published", "title", "key")
    serializer_class = serializers.SourceSerializer
    write_serializer_class = serializers.SourceSerializer
    filterset_class = filtersets.SourceFilterSet
    lookup_field = "key"
    lookup_value_regex = SLUG_PATTERN
    has_status = False


@editorial_schema(
    DeprecationEvent,
    "a deprecation event",
    "Deprecation events: announcements, retirements, reinstatements...",
    serializers.DeprecationSerializer,
)
class DeprecationViewSet(EditorialViewSet):
    queryset = (
        DeprecationEvent.objects.select_related("model__vendor", "assistant")
        .prefetch_related(cited_sources())
        .order_by(*DeprecationEvent.TIMELINE_ORDER)
    )
    serializer_class = serializers.DeprecationSerializer
    write_serializer_class = serializers.DeprecationWriteSerializer
    filterset_class = filtersets.DeprecationFilterSet
    lookup_field = "key"
    lookup_value_regex = SLUG_PATTERN


@editorial_schema(
    PoliticalTie,
    "a political tie",
    "Political ties of vendors and their executives",
    serializers.PoliticalTieSerializer,
)
class PoliticalTieViewSet(EditorialViewSet):
    queryset = (
        PoliticalTie.objects.select_related("vendor")
        .prefetch_related(cited_sources())
        .order_by(F("date").desc(nulls_last=True), "key")
    )
    serializer_class = serializers.PoliticalTieSerializer
    write_serializer_class = serializers.PoliticalTieWriteSerializer
    filterset_class = filtersets.PoliticalTieFilterSet
    lookup_field = "key"
    lookup_value_regex = SLUG_PATTERN
