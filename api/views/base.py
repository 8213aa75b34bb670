"""What every API view shares: CSV only where there are rows, errors in JSON, reads from the
catalog revision, and the parameters several operations document.
"""
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

from api.caching import revision_read
from catalog import aliases
from catalog.models import (
    CATEGORY_KEYS,
)
from edge import asof, parameters

# URL slugs and keys: one pattern with every parameter; anything else never reaches the database.
SLUG_PATTERN = parameters.SLUG.pattern


# Accepted on every read: the answer's format, `_`, the cache-buster some HTTP clients add
# (jQuery's cache: false), and `as_of` (edge.asof answers it before any view); all documented
# in docs/api.md.
ALWAYS_ACCEPTED = ("format", "_", "as_of")
PAGED_ACTIONS = ("list", "alternatives", "history")


class CatalogViewMixin:
    """CSV only where there are rows, errors always in JSON, filters only on lists, and a
    query parameter the operation does not take refused (a misspelt `min_privcy=50` must not
    answer the whole list as if it had filtered)."""

    csv_actions = ("list", "alternatives")
    # Query parameters an action reads itself, besides its filters and paging.
    action_parameters = {}

    def accepted_parameters(self):
        action = getattr(self, "action", None) or "get"
        accepted = list(ALWAYS_ACCEPTED)
        if action in PAGED_ACTIONS and getattr(self, "paginator", None) is not None:
            accepted += ["page", getattr(self.paginator, "page_size_query_param", None) or "page_size"]
        filterset_class = getattr(self, "filterset_class", None)
        # A detail ignores the list's filters (they never hide the record it names).
        if action in ("list", "retrieve") and filterset_class is not None:
            accepted += list(filterset_class.base_filters)
        accepted += list(self.action_parameters.get(action, ()))
        return sorted(set(accepted))

    def initial(self, request, *args, **kwargs):
        # A method the resource does not answer is a 405 before anything else is judged
        # (content negotiation would otherwise refuse ?format=csv first, with a 400).
        method = request.method.lower()
        if method not in self.http_method_names or getattr(self, method, None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            if asof.PARAMETER in request.query_params:
                raise asof.written_in_the_past()
            return
        accepted = self.accepted_parameters()
        unknown = [name for name in request.query_params if name not in accepted]
        if unknown:
            raise parameters.ParameterError.many(
                [
                    parameters.ParameterError(
                        name,
                        f"{parameters.shown(name)} is not a parameter of this address",
                        accepted,
                        code="unknown_parameter",
                    )
                    for name in unknown
                ]
            )


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


class SlugAliasMixin:
    """A detail addressed by an old slug (the record was renamed) answers the record, as its
    new slug does (catalog.aliases): a client holding the old address keeps working."""

    alias_kind = None

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            slug = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            new = aliases.current_slug(self.alias_kind, slug) if slug else None
            if new is None or new == slug:
                raise
            self.kwargs[self.lookup_url_kwarg or self.lookup_field] = new
            return super().get_object()

    def record_by_slug(self, queryset, slug):
        """What an action on one record (alternatives, switch) reads: the old slug works too."""
        try:
            return get_object_or_404(queryset, slug=slug)
        except Http404:
            new = aliases.current_slug(self.alias_kind, slug)
            if new is None or new == slug:
                raise
            return get_object_or_404(queryset, slug=new)


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
    description="Category weights, e.g. privacy:3,safety:0 (a category left out keeps its default "
    "weight 1; only an explicit 0 leaves it out). "
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
