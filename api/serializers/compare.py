"""A comparison: per criterion each assistant's answer, per category scores, a ranking."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.assistants import AssistantSerializer, EvidenceSerializer
from api.serializers.base import ScoresSerializer
from catalog.models import (
    CATEGORY_KEYS,
)


class ComparedCriterionSerializer(serializers.Serializer):
    """One criterion across the compared assistants."""

    slug = serializers.SlugField(source="criterion.slug")
    category = serializers.CharField(source="criterion.category")
    name = serializers.CharField(source="criterion.name")
    question = serializers.CharField(source="criterion.question")
    values = serializers.SerializerMethodField(
        help_text="Assistant slug -> its answer (all null when unknown)."
    )

    @extend_schema_field(serializers.DictField(child=EvidenceSerializer()))
    def get_values(self, row):
        # One evidence serializer for every cell: building DRF fields is the costly part.
        evidence = self.__dict__.setdefault("_evidence", EvidenceSerializer(context=self.context))
        return {
            assistant.slug: evidence.to_representation(cell)
            for assistant, cell in zip(self.context["assistants"], row.cells)
        }


class RankSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    assistant = serializers.SlugField()
    score = serializers.FloatField(allow_null=True)


class ComparedScoresSerializer(ScoresSerializer):
    """Only the compared categories are present (all four by default), and overall."""

    privacy = serializers.FloatField(allow_null=True, required=False)
    political_ties = serializers.FloatField(allow_null=True, required=False)
    safety = serializers.FloatField(allow_null=True, required=False)
    deprecation = serializers.FloatField(allow_null=True, required=False)


class ComparedAssistantSerializer(AssistantSerializer):
    scores = serializers.SerializerMethodField(
        help_text="The chosen categories and overall, weighted with the requested weights."
    )

    @extend_schema_field(ComparedScoresSerializer)
    def get_scores(self, assistant):
        return self.context["scores"][assistant.slug]


class ComparisonSerializer(serializers.Serializer):
    assistants = serializers.SerializerMethodField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=CATEGORY_KEYS))
    weights = serializers.SerializerMethodField(
        help_text="The category weights applied (compared categories only)."
    )
    criteria = serializers.SerializerMethodField()
    ranking = serializers.SerializerMethodField(
        help_text="Best weighted overall first; unknown last."
    )

    @extend_schema_field(ComparedAssistantSerializer(many=True))
    def get_assistants(self, comparison):
        context = {**self.context, "scores": comparison.scores}
        return ComparedAssistantSerializer(comparison.assistants, many=True, context=context).data

    @extend_schema_field(serializers.DictField(child=serializers.FloatField()))
    def get_weights(self, comparison):
        return {key: comparison.weights.get(key, 0) for key in comparison.categories}

    @extend_schema_field(ComparedCriterionSerializer(many=True))
    def get_criteria(self, comparison):
        context = {**self.context, "assistants": comparison.assistants}
        return ComparedCriterionSerializer(comparison.rows, many=True, context=context).data

    @extend_schema_field(RankSerializer(many=True))
    def get_ranking(self, comparison):
        return [
            {"position": position, "assistant": slug, "score": comparison.scores[slug]["overall"]}
            for position, slug in enumerate(comparison.ranking, start=1)
        ]
