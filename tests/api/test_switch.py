"""GET /api/v1/assistants/<slug>/switch/: the switching plan, as the page shows it."""
import pytest

from catalog import comparison
from catalog.models import Assistant
from catalog.scoring.scores import DEFAULT_CATEGORY_WEIGHTS
from tests.support.api import API, api, errors_of  # noqa: F401 (fixtures)


def plan_of(api, slug, **params):
    response = api.get(f"{API}/assistants/{slug}/switch/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_chatgpt_plan_has_every_part_with_sources(api):
    body = plan_of(api, "chatgpt")
    assert set(body) == {
        "assistant", "weights", "why", "alternatives", "how_to_leave", "plans", "model_access", "notice_promises",
    }
    assert body["assistant"]["slug"] == "chatgpt"
    assert body["why"]["retirements"] and body["why"]["political_ties_count"] >= 1
    assert all(answer["score"] < 50 and answer["sources"] for answer in body["why"]["weakest"])
    steps = {step["kind"]: step for step in body["how_to_leave"]}
    assert list(steps) == ["export", "training_opt_out", "deletion"]
    export = steps["export"]["facts"][0]
    assert steps["export"]["known"] and export["steps"] and "24 hours" in export["duration"]
    assert export["sources"] and export["as_of"]
    places = {access["fact"]["where"]: access for access in body["model_access"]}
    azure = next(a for where, a in places.items() if where.startswith("Azure OpenAI in Microsoft Foundry"))
    assert azure["fact"]["until"] == "2026-10-01" and azure["until_in_ledger"] is True
    assert azure["model"]["slug"] == "gpt-4o" and azure["ledger"]


def test_alternatives_are_ranked_as_the_alternatives_endpoint_ranks_them(api):
    chatgpt = Assistant.objects.get(slug="chatgpt")
    body = plan_of(api, "chatgpt", weights="privacy:3,safety:1")
    ranked = [a["assistant"]["slug"] for a in body["alternatives"]]
    weights = {**DEFAULT_CATEGORY_WEIGHTS, "privacy": 3, "safety": 1}  # left out: the default 1
    assert ranked == [a.slug for a in comparison.alternatives(chatgpt, weights=weights, limit=len(ranked))]
    assert body["weights"]["privacy"] == 3
    for alternative in body["alternatives"]:
        for better in alternative["better"]:
            assert better["theirs"]["score"] > better["ours"]["score"]
        for plan in alternative["plans"]:
            assert plan["kind"] == "plan" and plan["as_of"] and plan["sources"]


def test_imports_from_chatgpt_are_listed_for_claude_and_gemini(api):
    body = plan_of(api, "chatgpt", weights="privacy:1")
    imports = {a["assistant"]["slug"]: a["imports"] for a in body["alternatives"]}
    for slug in {"claude", "gemini"} & set(imports):
        assert imports[slug] and all(fact["from_assistant"] == "chatgpt" for fact in imports[slug])


def test_an_unknown_step_is_known_false(api):
    body = plan_of(api, "lumo")
    export = next(step for step in body["how_to_leave"] if step["kind"] == "export")
    assert export == {"kind": "export", "known": False, "facts": []}


@pytest.mark.parametrize("weights", ["privacy", "privacy:500", "nothing:1"])
def test_bad_weights_get_a_400_naming_the_parameter(api, weights):
    response = api.get(f"{API}/assistants/chatgpt/switch/", {"weights": weights})
    assert response.status_code == 400
    assert "weights" in errors_of(response)


def test_an_unknown_assistant_is_a_404(api):
    assert api.get(f"{API}/assistants/nobody/switch/").status_code == 404


def test_the_plan_answers_304_when_the_catalog_has_not_changed(api):
    first = api.get(f"{API}/assistants/chatgpt/switch/")
    again = api.get(f"{API}/assistants/chatgpt/switch/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_plan_costs_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    for slug in ("chatgpt", "lumo"):
        with django_assert_max_num_queries(14):
            assert api.get(f"{API}/assistants/{slug}/switch/").status_code == 200


def test_the_schema_documents_the_switch_endpoint(api):
    schema = api.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/assistants/{slug}/switch/" in schema["paths"]
