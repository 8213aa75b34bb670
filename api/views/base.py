"""What every API view shares: CSV only where there are rows, errors in JSON, reads from the
catalog revision, and the parameters several operations document.
"""
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
)
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

from api.caching import revision_read
from catalog.models import (
    CATEGORY_KEYS,
)
from edge import parameters

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.


# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
SLUG_PATTERN = parameters.SLUG.pattern


class CatalogViewMixin:
    """CSV only where there are rows, errors always in JSON, filters only on lists."""

    csv_actions = ("list", "alternatives")

    def initial(self, request, *args, **kwargs):
        # A method the resource does not answer is a 405 before anything else is judged
        # (content negotiation would otherwise refuse ?format=csv first, with a 400).
        method = request.method.lower()
        if method not in self.http_method_names or getattr(self, method, None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

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
        {"type": "number", "minimum": 0, "maximum": 100},
        description=f"Only assistants whose {key} score is at least this (0-100).",
    )
    for key in CATEGORY_KEYS
]
