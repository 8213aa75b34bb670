"""Assistant pickers stay small as the catalog grows, and still reach every assistant."""
import re

import pytest

from web import picker
from catalog.models import Assistant, Vendor


@pytest.fixture
def crowded(catalog):
    """More assistants than a picker lists."""
    vendor = Vendor.objects.create(slug="crowd-vendor", name="Crowd Labs")
    Assistant.objects.bulk_create(
        Assistant(slug=f"crowd-{n}", name=f"Crowd assistant {n}", vendor=vendor, coverage=0.1)
        for n in range(picker.LIMIT + 10)
    )


def listed(html, prefix="compare"):
    return re.findall(rf'id="{prefix}-([a-z0-9-]+)"', html)


def test_a_small_catalog_lists_everyone_without_a_search_box(client, catalog):
    html = client.get("/compare/").content.decode()
    assert sorted(listed(html)) == sorted(Assistant.objects.values_list("slug", flat=True))
    assert 'name="find"' not in html


def test_a_large_catalog_lists_the_best_documented_and_offers_search(client, crowded):
    html = client.get("/compare/").content.decode()
    shown = [slug for slug in listed(html)]
    assert len(shown) == picker.LIMIT
    assert "chatgpt" in shown  # documented assistants come before the barely assessed crowd
    assert 'name="find"' in html


def test_search_narrows_and_keeps_what_is_ticked(client, crowded):
    response = client.get("/compare/?find=crowd+assistant+7&action=find&assistants=lumo")
    assert response.status_code == 200  # one ticked assistant is no error while searching
    shown = [slug for slug in listed(response.content.decode())]
    words_match = {f"crowd-{n}" for n in range(picker.LIMIT + 10) if "7" in str(n)}
    assert set(shown) == {"lumo"} | words_match
    assert 'value="lumo" id="compare-lumo" checked' in response.content.decode()


def test_comparing_from_a_narrowed_list_compares(client, crowded):
    response = client.get("/compare/?find=crowd&assistants=crowd-3&assistants=claude")
    assert response.status_code == 200
    assert "Crowd assistant 3" in response.content.decode()


def test_the_embed_builder_offers_the_same_short_list(client, crowded):
    html = client.get("/embed/?widget=alternatives&action=find&find=crowd+assistant+12").content.decode()
    options = set(re.findall(r'<option value="(crowd-[0-9]+|chatgpt)"', html))
    assert options == {"crowd-12"}
    assert client.get("/embed/?widget=alternatives&to=crowd-64").status_code == 200  # any slug still works


def test_the_corrections_form_offers_the_short_list_but_accepts_any_assistant(client, crowded):
    html = client.get("/corrections/new/?assistant=crowd-65").content.decode()
    options = re.findall(r'<option value="([a-z0-9-]+)"', html)
    assert "crowd-65" in options and len([o for o in options if o.startswith("crowd-")]) <= picker.LIMIT
    assert 'selected' in html.split('value="crowd-65"')[1][:20]


def test_the_assistant_named_exactly_is_offered_first(crowded):
    """Searching "crowd assistant 4" matches 40-49 too, but crowd-4 must be among them even
    when the list is cut."""
    Assistant.objects.filter(slug="crowd-4").update(coverage=0)  # the least documented of them
    offered = picker.assistant_picker("Crowd assistant 4", limit=3)
    assert ("crowd-4", "Crowd assistant 4") in offered.options
    assert len(offered.options) == 3
