"""GET /api/v1/compare/ and /api/v1/assistants/<slug>/alternatives/."""

import pytest

from catalog import comparison
from catalog.scoring import scores as scoring
from edge import parameters
from catalog.models import CATEGORY_KEYS, Assessment, Assistant, Criterion
from tests.support.api import API, api, errors_of  # noqa: F401 (fixtures)

SEEDS = "chatgpt,claude,gemini,lumo,confer,alpine"


def compare(client, **params):
    response = client.get(f"{API}/compare/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_compare_gives_each_assistants_answer_per_criterion_with_sources(api):
    body = compare(api, assistants="chatgpt,lumo")
    assert [a["slug"] for a in body["assistants"]] == ["chatgpt", "lumo"]
    assert body["categories"] == list(CATEGORY_KEYS)
    assert [row["slug"] for row in body["criteria"]] == list(
        Criterion.objects.order_by("category", "position", "slug").values_list("slug", flat=True)
    )
    answered = 0
    for row in body["criteria"]:
        assert set(row["values"]) == {"chatgpt", "lumo"}
        for slug, cell in row["values"].items():
            if cell["value"] is None:
                assert cell["score"] is None and cell["sources"] == []
                continue
            answered += 1
            assessment = Assessment.objects.get(pk=cell["assessment"])
            assert assessment.criterion.slug == row["slug"]
            assert cell["score"] == assessment.score
            assert cell["sources"]
    assert answered


def test_category_scores_are_the_stored_ones_and_ranking_follows_overall(api):
    body = compare(api, assistants=SEEDS)
    for item in body["assistants"]:
        stored = Assistant.objects.get(slug=item["slug"])
        for key in CATEGORY_KEYS:
            # The shown score: the stored band's low end, only with enough evidence.
            shown = round(getattr(stored, f"band_low_{key}"), 1) if getattr(stored, f"enough_{key}") else None
            assert item["scores"][key] == shown == item["evidence"][key]["score"]
    ranking = body["ranking"]
    assert [r["position"] for r in ranking] == list(range(1, 7))
    ranked = [r for r in ranking if r["rank"] is not None]
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    assert ranking[: len(ranked)] == ranked, "the unranked come after every ranked one"
    assert all(r["enough_evidence"] and r["unranked"] is None for r in ranked)
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    assert all(r["score"] == r["band"]["low"] for r in ranked)
    unranked = ranking[len(ranked):]
    assert all(r["unranked"] == "not_enough_evidence" and r["score"] is None for r in unranked)
    alpine = next(r for r in ranking if r["assistant"] == "alpine")
    assert alpine["unranked"] and alpine["coverage"] == 0


def test_weights_change_the_overall_and_the_ranking(api):
    body = compare(api, assistants=SEEDS, weights="privacy:3,safety:1")
    assert body["weights"] == {"privacy": 3, "political_ties": 1, "safety": 1, "deprecation": 1}
    weights = parameters.parse_weights("privacy:3,safety:1")
    for item in body["assistants"]:
        assistant = Assistant.objects.get(slug=item["slug"])
        # A category left out of `weights` keeps its default weight 1.
        low = sum(weights[key] * getattr(assistant, f"band_low_{key}") for key in CATEGORY_KEYS) / sum(weights.values())
        assert item["evidence"]["overall"]["band"]["low"] == round(low, 1)
        enough = all(getattr(assistant, f"enough_{key}") for key in CATEGORY_KEYS)
        assert item["evidence"]["overall"]["enough_evidence"] == enough
        assert item["scores"]["overall"] == (round(low, 1) if enough else None)
    ranked = [r for r in body["ranking"] if r["rank"]]
    best = max((i for i in body["assistants"] if i["evidence"]["overall"]["enough_evidence"]),
               key=lambda i: i["evidence"]["overall"]["band"]["low"])
    assert ranked[0]["assistant"] == best["slug"]


def test_categories_narrow_the_criteria_and_the_scores(api):
    body = compare(api, assistants="chatgpt,claude", categories="privacy,safety")
    assert body["categories"] == ["privacy", "safety"]
    assert {row["category"] for row in body["criteria"]} == {"privacy", "safety"}
    for item in body["assistants"]:
        assert set(item["scores"]) == {"privacy", "safety", "overall"}


def test_compare_keeps_the_order_asked_and_drops_repeats(api):
    body = compare(api, assistants=" Lumo, chatgpt ,lumo")
    assert [a["slug"] for a in body["assistants"]] == ["lumo", "chatgpt"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({}, "assistants"),
        ({"assistants": "chatgpt"}, "assistants"),
        ({"assistants": "chatgpt,chatgpt"}, "assistants"),
        ({"assistants": ",".join(f"a{i}" for i in range(11))}, "assistants"),
        ({"assistants": "chatgpt,nobody"}, "assistants"),
        ({"assistants": "chatgpt,claude", "weights": "privacy"}, "weights"),
        ({"assistants": "chatgpt,claude", "weights": "speed:2"}, "weights"),
        ({"assistants": "chatgpt,claude", "weights": "privacy:-1"}, "weights"),
        ({"assistants": "chatgpt,claude", "weights": "privacy:0,political_ties:0,safety:0,deprecation:0"}, "weights"),
        ({"assistants": "chatgpt,claude", "categories": "price"}, "categories"),
        ({"assistants": "chatgpt,claude", "format": "csv"}, "format"),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v[:20]}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_bad_compare_input_is_a_400_naming_the_parameter_and_what_it_accepts(
    api, params, parameter
):
    response = api.get(f"{API}/compare/", params)
    assert response.status_code == 400
    problem = errors_of(response)[parameter]
    assert problem["accepted"], problem


def test_unknown_assistant_error_lists_the_known_slugs(api):
    problem = errors_of(api.get(f"{API}/compare/", {"assistants": "chatgpt,nobody"}))["assistants"]
    assert "nobody" in problem["message"]
    assert set(problem["accepted"]) == set(Assistant.objects.values_list("slug", flat=True))


def test_ten_is_the_most_compared(api):
    from tests.support.api import grow_catalog

    grow_catalog(10)
    ten = list(Assistant.objects.order_by("slug").values_list("slug", flat=True)[:10])
    assert len(compare(api, assistants=",".join(ten))["assistants"]) == 10


# --- alternatives ------------------------------------------------------------------------------


def alternatives(client, slug, **params):
    response = client.get(f"{API}/assistants/{slug}/alternatives/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_alternatives_come_from_other_vendors_best_first(api):
    rows = alternatives(api, "chatgpt")
    chatgpt = Assistant.objects.get(slug="chatgpt")
    expected = set(
        Assistant.objects.exclude(vendor=chatgpt.vendor)
        .filter(status="active")
        .values_list("slug", flat=True)
    )
    assert {row["slug"] for row in rows} == expected
    assert all(row["vendor"]["slug"] != "openai" for row in rows)
    ranked = [row for row in rows if row["rank"] is not None]
    assert rows[: len(ranked)] == ranked, "no alternative without enough evidence above one with"
    assert [row["rank"] for row in ranked] == list(range(1, len(ranked) + 1))
    lows = [row["weighted"]["band"]["low"] for row in ranked]
    assert lows == sorted(lows, reverse=True)
    assert all(row["unranked"] == "not_enough_evidence" for row in rows[len(ranked):])


def test_alternatives_say_what_could_change_the_order_on_the_page(api):
    body = api.get(f"{API}/assistants/chatgpt/alternatives/").json()
    slugs = {row["slug"] for row in body["results"]}
    assert 0 <= (body["first_choice_share"] or 0) <= 1
    for question in body["open_questions"]:
        assert question["assistant"] in slugs and question["changes"] in (1, 2)


def test_alternatives_follow_weights_and_minimums(api):
    rows = alternatives(api, "chatgpt", weights="political_ties:1,privacy:0,safety:0,deprecation:0", min_privacy=50)
    for row in rows:
        assert row["evidence"]["privacy"]["band"]["low"] >= 50
        assert row["weighted"]["band"] == row["evidence"]["political_ties"]["band"]
    everyone = Assistant.objects.exclude(vendor__slug="openai").filter(
        status="active", band_low_privacy__gte=50
    )
    assert {row["slug"] for row in rows} == set(everyone.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"weights": "privacy:x"}, "weights"),
        ({"min_privacy": "150"}, "min_privacy"),
        ({"min_safety": "abc"}, "min_safety"),
    ],
)
def test_bad_alternatives_input_is_a_400(api, params, parameter):
    response = api.get(f"{API}/assistants/chatgpt/alternatives/", params)
    assert response.status_code == 400
    assert errors_of(response)[parameter]["accepted"]


def test_alternatives_to_an_unknown_assistant_is_a_404(api):
    assert api.get(f"{API}/assistants/nobody/alternatives/").status_code == 404


def test_the_top_few_alternatives_are_the_head_of_the_full_ranking(catalog):
    """Embeds and pages ask for the first few only; that path ranks in a subquery and must
    agree with the full ranking, scores included."""
    leaving = Assistant.objects.get(slug="chatgpt")
    for weights in (None, {"privacy": 3, "safety": 1}):
        full = [(a.slug, a.weighted_score) for a in comparison.alternatives(leaving, weights)]
        for limit in (1, 3):
            head = [(a.slug, a.weighted_score) for a in comparison.alternatives(leaving, weights, limit=limit)]
            assert head == full[:limit]
