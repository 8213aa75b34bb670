"""The catalog: every assistant with its scores, filterable without JavaScript."""
from django.shortcuts import render

from .. import selectors
from ..forms import CatalogFilterForm
from ..models import CATEGORY_KEYS, Category
from ..templatetags.candor import country_name
from .common import bad_parameters, public_page


@public_page
def home(request):
    countries = selectors.vendor_countries()
    form = CatalogFilterForm(
        request.GET,
        countries=countries,
        country_names={code: country_name(code) for code in countries},
    )
    if not form.is_valid():
        return bad_parameters(request, form)
    assistants = list(selectors.filtered_assistants(**form.filters()))
    return render(
        request,
        "catalog/home.html",
        {
            "assistants": assistants,
            "form": form,
            "filtered": form.is_filtered(),
            "categories": [(key, Category(key).label) for key in CATEGORY_KEYS],
        },
    )
