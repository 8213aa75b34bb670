"""GET /api/v1/assistants/ (list, detail with its dossier, alternatives, history)."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action

from api import filtersets, serializers
from api.caching import revision_read
from api.history import HistoryMixin, history_schema

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import MINIMUMS, SLUG_PATTERN, WEIGHTS, RevisionReadMixin
from catalog import comparison, selectors
from catalog.models import (
    AIModel,
    Assistant,
)
from catalog.selectors import cited_sources
from edge import parameters


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
        # A list, paginated like every other (many=True makes drf-spectacular say so).
        responses=serializers.AlternativeSerializer(many=True),
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
