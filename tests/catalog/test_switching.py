"""The switching plan over today's catalog: reasons, ranked alternatives, how to leave, where
a retired model lives on."""
import datetime

import pytest

from catalog import comparison
from catalog.models import Assistant, SwitchingFact
from catalog.switching import leaving_profile, switch_plan

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture
def chatgpt_plan():
    return switch_plan(leaving_profile("chatgpt"))


def test_chatgpt_export_has_its_steps_format_and_link_lifetime(chatgpt_plan):
    export = next(step for step in chatgpt_plan.leaving if step.kind == SwitchingFact.Kind.EXPORT)
    assert export.known
    fact = export.facts[0]
    assert any("Data controls" in step for step in fact.steps)
    assert "ZIP" in fact.format and "24 hours" in fact.duration
    assert fact.sources.all()


def test_every_leaving_step_of_chatgpt_is_known_and_sourced(chatgpt_plan):
    assert [step.kind for step in chatgpt_plan.leaving] == ["export", "training_opt_out", "deletion"]
    assert all(step.known and all(f.sources.all() for f in step.facts) for step in chatgpt_plan.leaving)


def test_a_step_without_a_record_stays_unknown():
    lumo = switch_plan(leaving_profile("lumo"))
    export = next(step for step in lumo.leaving if step.kind == SwitchingFact.Kind.EXPORT)
    assert not export.known and export.facts == []


def test_alternatives_follow_the_shared_ranking_with_the_readers_weights():
    chatgpt = leaving_profile("chatgpt")
    weights = {"privacy": 5, "political_ties": 0, "safety": 1, "deprecation": 0}
    plan = switch_plan(chatgpt, weights)
    expected = [a.slug for a in comparison.alternatives(chatgpt, weights=weights, limit=len(plan.alternatives))]
    assert [a.assistant.slug for a in plan.alternatives] == expected
    assert all(a.assistant.vendor_id != chatgpt.vendor_id for a in plan.alternatives)


def test_each_reason_is_a_criterion_where_the_alternative_scores_higher(chatgpt_plan):
    with_reasons = [a for a in chatgpt_plan.alternatives if a.reasons]
    assert with_reasons
    for alternative in with_reasons:
        for reason in alternative.reasons:
            assert reason.theirs.assessment.score > reason.ours.assessment.score
        for caveat in alternative.worse:
            assert caveat.theirs.assessment.score < caveat.ours.assessment.score


def test_claude_and_gemini_import_from_chatgpt():
    chatgpt = leaving_profile("chatgpt")
    weights = {"privacy": 1, "political_ties": 1, "safety": 1, "deprecation": 1}
    plan = switch_plan(chatgpt, weights, limit=Assistant.objects.count())
    by_slug = {a.assistant.slug: a for a in plan.alternatives}
    assert "memory" in by_slug["claude"].imports[0].what
    gemini = by_slug["gemini"].imports[0]
    assert "chat history" in gemini.what and "EEA" in gemini.regions
    assert by_slug["claude"].free_plan is not None


def test_gpt_4o_stays_reachable_via_the_api_and_azure_with_dates(chatgpt_plan):
    places = {access.fact.where: access for access in chatgpt_plan.model_access}
    azure = next(a for where, a in places.items() if where.startswith("Azure OpenAI in Microsoft Foundry"))
    assert azure.fact.until == datetime.date(2026, 10, 1)
    assert azure.until_in_ledger  # Microsoft's schedule is a published ledger event
    api = next(a for where, a in places.items() if where.startswith("OpenAI API"))
    assert api.fact.until == datetime.date(2027, 1, 14)
    # The API shutdown date is read only in copies of OpenAI's page: the ledger keeps it as a
    # draft, so the plan does not present it as the ledger's date.
    assert api.until_in_ledger is False
    assert all(access.fact.model.slug == "gpt-4o" for access in chatgpt_plan.model_access)


def test_why_people_leave_chatgpt_comes_from_sourced_records(chatgpt_plan):
    assert chatgpt_plan.has_reasons
    assert chatgpt_plan.retirements and all(e.kind == "retired" for e in chatgpt_plan.retirements)
    assert chatgpt_plan.ties_count >= len(chatgpt_plan.ties) > 0
    for answer in chatgpt_plan.weak:
        assert answer.assessment.score < 50 and answer.sources


def test_the_plan_costs_the_same_queries_for_every_assistant(django_assert_max_num_queries):
    for slug in ("chatgpt", "lumo"):
        with django_assert_max_num_queries(16):
            switch_plan(leaving_profile(slug))
