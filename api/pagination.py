"""Page-numbered lists: 20 rows by default, at most 100, and bad page numbers said so plainly."""

from django.core.paginator import InvalidPage
from rest_framework.pagination import PageNumberPagination

from edge.parameters import ParameterError


def _positive_int(request, name, accepted):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ParameterError(
            name, f"{name} must be a whole number of at least 1, not {raw!r}", accepted
        )
    return value


class CatalogPagination(PageNumberPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        accepted = f"a whole number from 1 to {self.max_page_size}"
        size = _positive_int(request, self.page_size_query_param, accepted)
        if size is None:
            return self.page_size
        if size > self.max_page_size:
            raise ParameterError(
                self.page_size_query_param, f"page_size is at most {self.max_page_size}", accepted
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = _positive_int(request, self.page_query_param, "a whole number from 1") or 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise ParameterError(
                self.page_query_param,
                f"page {number} does not exist; there are {paginator.num_pages}",
                f"a whole number from 1 to {paginator.num_pages}",
                status=404,
                code="not_found",
            ) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        """page and page_size with the bounds they are checked against."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
        return parameters
