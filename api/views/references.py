"""The reference lists: vendors, models, criteria, campaigns."""
from django.db.models import Prefetch
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from api import filtersets, serializers
from api.history import HistoryMixin, history_schema

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import SLUG_PATTERN, RevisionReadMixin, SlugAliasMixin
from catalog import selectors
from catalog.models import (
    AIModel,
    Assistant,
    Campaign,
    Criterion,
    RegulatorAction,
    SearchRecord,
    Source,
    Vendor,
)
from catalog.selectors import cited_sources


@extend_schema_view(history=history_schema(Vendor, "a vendor"))
class VendorViewSet(SlugAliasMixin, HistoryMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    alias_kind = "vendor"
    queryset = Vendor.objects.prefetch_related(
        cited_sources(),
        Prefetch("assistants", queryset=Assistant.objects.order_by("name")),
        Prefetch("data_storage_sources", queryset=Source.objects.order_by("-published", "title", "key")),
    ).order_by("name", "pk")
    serializer_class = serializers.VendorSerializer
    filterset_class = filtersets.VendorFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@extend_schema_view(
    list=extend_schema(summary="AI models, with their vendor and the assistants that run them"),
    retrieve=extend_schema(
        summary="One AI model with its whole ledger",
        description="Its published deprecation events, oldest first as things happened (a date "
        "known to the month after the precise dates of that month, then `order`).",
    ),
)
class AIModelViewSet(SlugAliasMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    alias_kind = "model"
    queryset = (
        AIModel.objects.select_related("vendor", "successor")
        .prefetch_related(Prefetch("assistants", queryset=Assistant.objects.order_by("slug")))
        .order_by("name", "slug")
    )
    serializer_class = serializers.AIModelSerializer
    filterset_class = filtersets.AIModelFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        return serializers.AIModelDetailSerializer if self.action == "retrieve" else self.serializer_class

    def get_object(self):
        model = super().get_object()
        model.ledger = list(selectors.published_deprecations().filter(model=model))
        return model


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


class RegulatorActionViewSet(RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    """Regulator actions (blocks, investigations, orders, fines) aimed at vendors, newest first."""

    queryset = (
        RegulatorAction.objects.published()
        .select_related("vendor", "assistant")
        .prefetch_related(cited_sources())
        .order_by("-date", "key")
    )
    serializer_class = serializers.RegulatorActionSerializer
    filterset_class = filtersets.RegulatorActionFilterSet
    lookup_field = "key"
    lookup_value_regex = SLUG_PATTERN


class SearchRecordViewSet(RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    """Searches that found no source for a cell, and what each vendor's ties search covered."""

    queryset = SearchRecord.objects.select_related("assistant", "vendor", "criterion").order_by("-searched", "key")
    serializer_class = serializers.SearchRecordSerializer
    filterset_class = filtersets.SearchRecordFilterSet
    lookup_field = "key"
    lookup_value_regex = SLUG_PATTERN
