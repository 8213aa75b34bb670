"""The written-out representations on the hottest read paths give what DRF's walk over the
declared fields gives (which the schema documents), for every record of the real catalog.

List rows, alternatives, compared assistants, answers and sources are built by hand for speed
(docs/benchmarks.md, "Long tail"); the declared fields stay the contract.
"""
import pytest
from rest_framework import serializers as drf

from api import serializers
from api.serializers.compare import ComparedAssistantSerializer
from catalog import comparison, selectors
from catalog.models import Assistant, Source

pytestmark = pytest.mark.django_db


def declared(serializer, instance):
    """What DRF's generic Serializer.to_representation makes of `instance`."""
    return drf.Serializer.to_representation(serializer, instance)


def test_every_source_as_declared(catalog):
    serializer = serializers.SourceBriefSerializer()
    sources = list(Source.objects.all())
    assert sources
    for source in sources:
        assert serializer.to_representation(source) == declared(serializer, source)


def test_every_answer_of_every_assistant_as_declared(catalog):
    evidence, criterion_evidence = serializers.EvidenceSerializer(), serializers.CriterionEvidenceSerializer()
    seen = {"known": 0, "unknown": 0, "searched": 0}
    for assistant in Assistant.objects.select_related("vendor"):
        for answers in selectors.assistant_dossier(assistant).answers.values():
            for answer in answers:
                assert evidence.to_representation(answer) == declared(evidence, answer)
                fast = criterion_evidence.to_representation(answer)
                generic = declared(criterion_evidence, answer)
                assert list(fast) == ["criterion", *[k for k in generic if k != "criterion"]]
                assert fast == generic
                seen["known" if answer.assessment else "unknown"] += 1
                seen["searched"] += answer.search is not None
    assert all(seen.values()), seen  # the catalog exercises every branch


def test_list_rows_and_alternatives_as_declared(catalog):
    row = serializers.AssistantSerializer()
    assistants = list(Assistant.objects.select_related("vendor"))
    for assistant in assistants:
        assert row.to_representation(assistant) == declared(row, assistant)
    leaving = next(a for a in assistants if a.slug == "chatgpt")
    ranked = list(comparison.alternatives(leaving, {"privacy": 3, "safety": 1}))
    context = {"ranks": {ranked[0].slug: 1}, "swaps": {ranked[0].slug: [ranked[1].slug]}}
    alternative = serializers.AlternativeSerializer(context=context)
    for assistant in ranked:
        assert alternative.to_representation(assistant) == declared(alternative, assistant)


def test_compared_assistants_as_declared(catalog):
    result = comparison.compare(["chatgpt", "claude", "lumo"], ["privacy", "safety"], {"privacy": 2, "safety": 1})
    context = {"evidence": result.evidence, "categories": result.categories, "scores": result.scores}
    compared = ComparedAssistantSerializer(context=context)
    for assistant in result.assistants:
        fast = compared.to_representation(assistant)
        assert fast == declared(compared, assistant)
        assert list(fast["evidence"]) == ["privacy", "safety", "overall"]
