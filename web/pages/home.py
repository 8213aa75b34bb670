"""The catalog: every assistant with its scores, filterable without JavaScript."""
from django.core.paginator import EmptyPage, Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from catalog import scopes, selectors
from catalog.models import CATEGORY_KEYS, Assistant, Category
from catalog.scoring.bands import evidence_threshold
from edge import parameters
from edge.parameters import ParameterError
from web.formatting import country_name
from web.forms import CatalogFilter
from web.pages.common import bad_parameters, scoped_public_page

PAGE_SIZE = 50


@scoped_public_page(lambda request: scopes.assistant_list_scopes())
def home(request):
    countries = selectors.vendor_countries()
    filters = CatalogFilter(
        request.GET,
        selectors.assistant_list(),
        countries=countries,
        country_names={code: country_name(code) for code in countries},
    )
    if not filters.is_valid():
        return bad_parameters(request, parameters.form_errors(filters))
    form = filters.form
    paginator = Paginator(filters.qs, PAGE_SIZE)
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        past_the_end = ParameterError(
            "page", _("That page is past the end of the list."), _("1 to %(last)s") % {"last": paginator.num_pages}
        )
        return bad_parameters(request, [past_the_end])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/home.html",
        {
            "assistants": page.object_list,
            "page": page,
            "count": paginator.count,
            "query_without_page": query.urlencode(),
            "form": form,
            "filtered": form.is_filtered(),
            "categories": [(key, Category(key).label) for key in CATEGORY_KEYS],
            "switch_choices": list(Assistant.objects.order_by("name").values("slug", "name")),
            "threshold": evidence_threshold(),
        },
    )
