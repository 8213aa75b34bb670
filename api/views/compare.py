"""GET /api/v1/compare/: 2 to 10 assistants side by side."""
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.caching import revision_read

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
from api.views.base import WEIGHTS, CatalogViewMixin
from catalog.models import (
    CATEGORY_KEYS,
)
from edge import parameters


class CompareView(CatalogViewMixin, APIView):
    action_parameters = {"get": ("assistants", "categories", "weights")}

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
