"""API views. Each viewset names its queryset (with what its serializer touches selected or
prefetched), its serializer and its filterset; shared behaviour lives in the mixins below.
"""


from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.http import parse_etags
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import comparison, selectors
from catalog.selectors import cited_sources
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
    Vendor,
)

from api import filtersets, serializers
from api.caching import record_read, revision_read
from edge.conditional import record_etag
from edge.conditional import PreconditionFailed, PreconditionRequired
from edge import parameters
from edge.parameters import ParameterError
from api.history import HistoryMixin, history_schema
from api.permissions import is_editor

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
SLUG_PATTERN = parameters.SLUG.pattern


# --- shared behaviour ---------------------------------------------------------------------------


class CatalogViewMixin:
    """CSV only where there are rows, errors always in JSON, filters only on lists."""

    csv_actions = ("list", "alternatives")

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) in self.csv_actions:
            return renderers
        return [renderer for renderer in renderers if renderer.format != "csv"]

    def filter_queryset(self, queryset):
        # A detail URL names its record; list filters (min_*, ordering...) must not hide it.
        if getattr(self, "action", None) != "list":
            return queryset
        return super().filter_queryset(queryset)

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                "application/json",
            )
        elif request.accepted_renderer.format == "csv" and response.status_code == 200:
            name = getattr(self, "basename", "export")
            response["Content-Disposition"] = f'attachment; filename="candor-{name}.csv"'
        return super().finalize_response(request, response, *args, **kwargs)


class RevisionReadMixin(CatalogViewMixin):
    """Lists and details answered from the catalog revision (ETag, 304, cache)."""

    def list(self, request, *args, **kwargs):
        return revision_read(
            request, lambda: super(RevisionReadMixin, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return revision_read(
            request, lambda: super(RevisionReadMixin, self).retrieve(request, *args, **kwargs)
        )


# --- assistants, compare, alternatives -----------------------------------------------------------


WEIGHTS = OpenApiParameter(
    "weights",
    str,
    description="Category weights, e.g. privacy:3,safety:1 (unnamed categories get 0). "
    "Default: equal weights.",
    examples=[OpenApiExample("privacy first", value="privacy:3,safety:1")],
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of your last GET of this record; "
    "412 if the record changed since, 428 if missing.",
)
MINIMUMS = [
    OpenApiParameter(
        f"min_{key}",
        float,
        description=f"Only assistants whose {key} score is at least this (0-100).",
    )
    for key in CATEGORY_KEYS
]


@extend_schema_view(
    list=extend_schema(
        summary="Assistants with their scores", description="Filter, search and sort the catalog."
    ),
    retrieve=extend_schema(
        summary="One assistant with its evidence",
        description="Assessments grouped by category (every criterion, null when unknown), with "
        "sources; retirements of the models it runs; its vendor's political ties.",
    ),
)
@extend_schema_view(history=history_schema(Assistant, "an assistant"))
class AssistantViewSet(HistoryMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Assistant.objects.select_related("vendor").order_by("name", "pk")
    detail_queryset = queryset.prefetch_related(
        Prefetch("models_used", queryset=AIModel.objects.order_by("released", "slug")), cited_sources()
    )
    serializer_class = serializers.AssistantSerializer
    filterset_class = filtersets.AssistantFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return self.detail_queryset if self.action == "retrieve" else self.queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.AssistantDetailSerializer
        if self.action == "alternatives":
            return serializers.AlternativeSerializer
        return self.serializer_class

    def get_object(self):
        assistant = super().get_object()
        if self.action == "retrieve":
            assistant.dossier = selectors.assistant_dossier(assistant)
        return assistant

    @extend_schema(
        summary="Alternatives from other vendors",
        description="Active assistants of other vendors, best weighted score first (unknown last).",
        parameters=[WEIGHTS, *MINIMUMS],
    )
    @action(detail=True)
    def alternatives(self, request, slug=None):
        def produce():
            weights = parameters.parse_weights(request.query_params.get("weights"))
            minimums = parameters.parse_minimums(request.query_params)
            assistant = get_object_or_404(Assistant, slug=slug)
            page = self.paginate_queryset(comparison.alternatives(assistant, weights, minimums))
            return self.get_paginated_response(self.get_serializer(page, many=True).data)

        return revision_read(request, produce)


class CompareView(CatalogViewMixin, APIView):
    @extend_schema(
        summary="Compare 2 to 10 assistants",
        description="Per criterion the answer of each assistant with its sources, per category "
        "scores, and a ranking by weighted overall score.",
        parameters=[
            OpenApiParameter(
                "assistants",
                str,
                required=True,
                description="2 to 10 assistant slugs, comma-separated.",
                examples=[OpenApiExample("three", value="chatgpt,claude,lumo")],
            ),
            OpenApiParameter(
                "categories",
                str,
                description=f"Categories to compare (default all): {', '.join(CATEGORY_KEYS)}.",
                examples=[OpenApiExample("two", value="privacy,political_ties")],
            ),
            WEIGHTS,
        ],
        responses=serializers.ComparisonSerializer,
    )
    def get(self, request):
        return revision_read(request, lambda: Response(self.comparison_data(request)))

    def comparison_data(self, request):
        params = request.query_params
        result = parameters.comparison_of(
            parameters.parse_slugs(params.get("assistants")),
            parameters.parse_categories(params.get("categories")),
            parameters.parse_weights(params.get("weights")),
        )
        return serializers.ComparisonSerializer(result, context={"request": request}).data


# --- reference lists ----------------------------------------------------------------------------


@extend_schema_view(history=history_schema(Vendor, "a vendor"))
class VendorViewSet(HistoryMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Vendor.objects.prefetch_related(
        cited_sources(), Prefetch("assistants", queryset=Assistant.objects.order_by("name"))
    ).order_by("name", "pk")
    serializer_class = serializers.VendorSerializer
    filterset_class = filtersets.VendorFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class CriterionViewSet(RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Criterion.objects.order_by("category", "position", "slug")
    serializer_class = serializers.CriterionSerializer
    filterset_class = filtersets.CriterionFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class CampaignViewSet(RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Campaign.objects.prefetch_related(
        cited_sources(),
        Prefetch("leave", queryset=Assistant.objects.order_by("name")),
        Prefetch("alternatives", queryset=Assistant.objects.order_by("name")),
    ).order_by("name", "pk")
    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


# --- editable records ---------------------------------------------------------------------------


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

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.committed(serializer.save, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        expected = parse_etags(request.headers.get("If-Match", ""))
        if not expected:
            raise PreconditionRequired()
        partial = kwargs.pop("partial", False)

        def write():
            instance = self.get_object()
            # Lock the row so two editors holding the same ETag cannot both pass the check.
            type(instance).objects.select_for_update().filter(pk=instance.pk).exists()
            instance = self.fresh(instance.pk)
            if "*" not in expected and record_etag(self.representation(instance)) not in expected:
                raise PreconditionFailed()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            return serializer.save()

        return self.committed(write, status.HTTP_200_OK)


def editorial_schema(model, noun, list_summary, read_serializer):
    """OpenAPI summaries for an editable resource; writes answer with the read shape."""
    return extend_schema_view(
        history=history_schema(model, noun),
        list=extend_schema(summary=list_summary),
        retrieve=extend_schema(summary=f"One {noun}, with its ETag for If-Match"),
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
    queryset = Source.objects.order_by("-published", "title", "pk")
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
        DeprecationEvent.objects.select_related("model__vendor")
        .prefetch_related(cited_sources())
        .order_by("date", "key")
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
