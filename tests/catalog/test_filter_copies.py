"""The assistant filters copy their declared filters shallowly per request (catalog/filters.py):
one reader's filters, menus and search never show up in another's."""
import pytest

from api.filtersets import AssistantFilterSet
from catalog.models import Assistant
from web.forms import CatalogFilter

pytestmark = pytest.mark.django_db


def slugs(filterset):
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


def test_a_country_menu_built_for_one_reader_is_not_anothers(catalog):
    queryset = Assistant.objects.select_related("vendor")
    first = CatalogFilter({}, queryset, countries=["US"], country_names={"US": "United States"})
    second = CatalogFilter({}, queryset, countries=["FR"])
    assert list(first.form.fields["country"].choices)[1:] == [("US", "United States")]
    assert list(second.form.fields["country"].choices)[1:] == [("FR", "FR")]
    assert "choices" not in CatalogFilter.base_filters["country"].extra


def test_each_search_runs_on_its_own_filter_set(catalog):
    everyone = slugs(AssistantFilterSet({}, Assistant.objects.all()))
    lumo = AssistantFilterSet({"q": "lumo"}, Assistant.objects.all())
    claude = AssistantFilterSet({"q": "claude"}, Assistant.objects.all())
    assert slugs(lumo) == ["lumo"]
    assert slugs(claude) == ["claude"]
    assert lumo.filters["q"].parent is lumo and claude.filters["q"].parent is claude
    assert not hasattr(AssistantFilterSet.base_filters["q"], "parent")
    assert len(everyone) > 2


def test_the_declared_filters_keep_no_form_field_of_a_request(catalog):
    AssistantFilterSet({"min_privacy": "10"}, Assistant.objects.all()).form.is_valid()
    assert not hasattr(AssistantFilterSet.base_filters["min_privacy"], "_field")
