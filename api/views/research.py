"""GET /api/v1/research-queue/ (token holders): the unknown answers that could change the most
rankings, for editors to research first (catalog.scoring.bands.research_queue)."""
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated

from api.authentication import ThrottledTokenAuthentication
from api.pagination import CatalogPagination
from api.views.base import CatalogViewMixin
from catalog.models import CATEGORY_KEYS
from catalog.scoring import scores as scoring


class ResearchItemSerializer(serializers.Serializer):
    assistant = serializers.SlugField()
    criterion = serializers.SlugField()
    category = serializers.CharField(help_text=f"The criterion's category: {', '.join(CATEGORY_KEYS)}.")
    rankings = serializers.ListField(
        child=serializers.CharField(),
        help_text="The catalog rankings (default weights) this answer could change once known: "
        f"overall and/or {', '.join(CATEGORY_KEYS)}.",
    )
    rankings_changed = serializers.SerializerMethodField(help_text="How many rankings, the queue's order.")

    def get_rankings_changed(self, item) -> int:
        return len(item.rankings)


class ResearchQueueView(CatalogViewMixin, GenericAPIView):
    authentication_classes = [ThrottledTokenAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class = CatalogPagination
    serializer_class = ResearchItemSerializer
    action_parameters = {"get": ("page", "page_size")}

    @extend_schema(
        summary="Research queue (token holders)",
        description="Every unknown or disputed answer of a verified assistant that could change a "
        "catalog ranking (overall, or one category's, with default weights), the ones that could "
        "change the most rankings first.",
        responses=inline_serializer(
            "PaginatedResearchItemList",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": ResearchItemSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        page = self.paginate_queryset(scoring.research_queue())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
