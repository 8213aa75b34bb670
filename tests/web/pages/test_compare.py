"""The comparison page: side by side, with weights the reader changes, and clear 400s."""
import re

import pytest

from catalog.scoring import scores as scoring
from web.charts import WIDTH
from catalog.models import CATEGORY_KEYS, Assistant

SLUGS = ["chatgpt", "claude", "lumo", "gemini"]


def ranking(html):
    """The slugs of the ranked list, then those of the unranked one (listed after, with why)."""
    slugs = []
    for marker in ('class="ranking-list"', 'class="unranked-list"'):
        if marker in html:
            section = html[html.index(marker):]
            section = section[: section.index("</ol>" if "ranking" in marker else "</ul>")]
            slugs += re.findall(r'data-assistant="([a-z0-9-]+)"', section)
    return slugs


def expected_ranking(weights):
    """The method's order (bands.py) over the stored evidence: enough evidence first."""
    result = scoring.rank_assistants(Assistant.objects.filter(slug__in=SLUGS), weights)
    assert all(result.overall[slug].enough for slug in result.ranked)
    return result.ranked + [slug for slug, _ in result.unranked]


def test_compare_shows_each_assistant_and_an_svg_chart(client, catalog):
    response = client.get(f"/compare/?assistants={','.join(SLUGS)}")
    html = response.content.decode()
    assert response.status_code == 200
    for slug in SLUGS:
        assert f'href="/assistants/{slug}/"' in html
    assert html.count("<svg class=\"chart\"") == 2
    assert ranking(html) == expected_ranking(scoring.DEFAULT_CATEGORY_WEIGHTS)


@pytest.mark.parametrize("category", CATEGORY_KEYS)
def test_changing_the_weights_reorders_the_ranking(client, catalog, category):
    fields = "&".join(f"weight_{key}={1 if key == category else 0}" for key in CATEGORY_KEYS)
    html = client.get(f"/compare/?assistants={','.join(SLUGS)}&{fields}").content.decode()
    weights = {key: (1 if key == category else 0) for key in CATEGORY_KEYS}
    assert ranking(html) == expected_ranking(weights)
    assert f'name="weight_{category}" min="0" max="100" step="any" inputmode="decimal" value="1"' in html


def test_the_api_style_weights_parameter_works_too(client, catalog):
    html = client.get(f"/compare/?assistants={','.join(SLUGS)}&weights=privacy:3,safety:1").content.decode()
    weights = {"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1}
    assert ranking(html) == expected_ranking(weights)


@pytest.mark.parametrize(
    "query",
    ["weight_privacy=3", "weights=privacy:3", "weight_privacy=3&weight_safety=", "weights=privacy:3,safety:1"],
)
def test_a_hand_made_link_with_one_weight_keeps_the_others_at_their_default(client, catalog, query):
    """`?weight_privacy=3` means privacy counts three times as much, not privacy alone."""
    html = client.get(f"/compare/?assistants={','.join(SLUGS)}&{query}").content.decode()
    assert ranking(html) == expected_ranking({"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1})
    assert expected_ranking({"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1}) != expected_ranking(
        {"privacy": 1, "political_ties": 0, "safety": 0, "deprecation": 0}
    ), "the case must discriminate on the real catalog"
    assert 'name="weight_political_ties" min="0" max="100" step="any" inputmode="decimal" value="1"' in html


def test_only_an_explicit_zero_leaves_a_category_out(client, catalog):
    html = client.get(f"/compare/?assistants={','.join(SLUGS)}&weight_privacy=3&weight_safety=0").content.decode()
    assert ranking(html) == expected_ranking({"privacy": 3, "political_ties": 1, "safety": 0, "deprecation": 1})


def test_picker_checkboxes_are_accepted(client, catalog):
    html = client.get("/compare/?assistants=claude&assistants=lumo").content.decode()
    assert sorted(ranking(html)) == ["claude", "lumo"]
    assert 'value="claude" id="compare-claude" checked' in html


def test_compare_without_assistants_offers_the_picker(client, catalog):
    response = client.get("/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose 2 to 10 assistants" in html
    for slug in Assistant.objects.values_list("slug", flat=True):
        assert f'id="compare-{slug}"' in html


@pytest.mark.parametrize(
    "query,parameter,phrase",
    [
        ("assistants=claude", "assistants", "give 2 to 10 distinct assistant slugs"),
        ("assistants=claude,nobody", "assistants", "unknown assistant(s): nobody"),
        ("assistants=claude,lumo&categories=taste", "categories", "unknown category"),
        ("assistants=claude,lumo&weights=privacy", "weights", "category:weight"),
        ("assistants=claude,lumo&weight_privacy=-1", "weight_privacy", "0"),
        ("assistants=claude,lumo&weight_privacy=0&weight_safety=0&weight_political_ties=0&weight_deprecation=0", "weight_privacy", "At least one weight"),
    ],
)
def test_bad_compare_parameters_get_a_400_naming_them(client, catalog, query, parameter, phrase):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<code>{parameter}</code>" in html
    assert phrase in html.replace("&#x27;", "'")


def test_chart_is_mirrored_for_right_to_left(client, catalog):
    ltr = client.get("/compare/?assistants=claude,lumo").content.decode()
    rtl = client.get("/ar/compare/?assistants=claude,lumo").content.decode()
    first_bar = re.compile(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"')
    x_ltr, width = map(float, first_bar.search(ltr).groups())
    x_rtl, width_rtl = map(float, first_bar.search(rtl).groups())
    assert width == width_rtl
    # Coordinates are written to a tenth of a unit, each rounded on its own.
    assert x_rtl == pytest.approx(WIDTH - x_ltr - width, abs=0.11)


def colours(html):
    """{assistant name: series class} from the chart legend."""
    return dict((name.strip(), css) for css, name in re.findall(r'class="chart-bar (series-\d)"></rect></svg> ([^<]+)</span>', html))


def test_each_assistant_keeps_its_colour_whatever_the_order_of_the_address(client, catalog):
    one = colours(client.get("/compare/?assistants=chatgpt,claude,lumo,gemini").content.decode())
    other = colours(client.get("/compare/?assistants=gemini,lumo,claude,chatgpt").content.decode())
    assert len(one) == 4 and len(set(one.values())) == 4
    assert one == other
    # ...and in another company: ChatGPT and Claude keep theirs when Lumo is swapped for Confer.
    third = colours(client.get("/compare/?assistants=claude,confer,chatgpt").content.decode())
    assert third["ChatGPT"] == one["ChatGPT"] and third["Claude"] == one["Claude"]
