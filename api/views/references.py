"""The reference lists: vendors, criteria, campaigns."""
from django.db.models import Prefetch
from drf_spectacular.utils import (
    extend_schema_view,
)
from rest_framework import viewsets

from api import filtersets, serializers
from api.history import HistoryMixin, history_schema

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import SLUG_PATTERN, RevisionReadMixin
from catalog.models import (
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
class VendorViewSet(HistoryMixin, RevisionReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Vendor.objects.prefetch_related(
        cited_sources(),
        Prefetch("assistants", queryset=Assistant.objects.order_by("name")),
        Prefetch("data_storage_sources", queryset=Source.objects.order_by("-published", "title", "key")),
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
