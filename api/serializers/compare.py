"""A comparison: per criterion each assistant's answer, per category scores, a ranking."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.assistants import AssistantSerializer, EvidenceSerializer
from api.serializers.base import (
    BandSerializer,
    EvidenceScoresSerializer,
    ScoresSerializer,
    evidence_data,
    evidence_scores_data,
    shown_scores,
)
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
    position = serializers.IntegerField(help_text="Place in this list: the ranked first, then the unranked.")
    assistant = serializers.SlugField()
    score = serializers.FloatField(
        allow_null=True, help_text="The shown overall score (band low); null without enough evidence."
    )
    rank = serializers.IntegerField(allow_null=True, help_text="1 = best; null when unranked.")
    unranked = serializers.CharField(
        allow_null=True, help_text="Why it is not ranked: not_enough_evidence or unverified; null when ranked."
    )
    band = BandSerializer(allow_null=True)
    enough_evidence = serializers.BooleanField()
    coverage = serializers.FloatField()
    could_swap_with = serializers.ListField(
        child=serializers.SlugField(), help_text="Ranked assistants whose bands overlap: more evidence could swap them."
    )


class OpenQuestionSerializer(serializers.Serializer):
    assistant = serializers.SlugField()
    criterion = serializers.SlugField(
        allow_null=True, help_text="null: all the open answers of an unranked assistant together (see `categories`)."
    )
    categories = serializers.ListField(
        child=serializers.CharField(), help_text="With `criterion` null: the categories those answers are in."
    )
    could_rank = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Where the assistant could rank once the answer is known (worst answer, best answer); null = unranked.",
    )
    changes = serializers.IntegerField(help_text="How many of those two outcomes change the ranking.")


class ComparedScoresSerializer(ScoresSerializer):
    """Only the compared categories are present (all four by default), and overall."""

    privacy = serializers.FloatField(allow_null=True, required=False)
    political_ties = serializers.FloatField(allow_null=True, required=False)
    safety = serializers.FloatField(allow_null=True, required=False)
    deprecation = serializers.FloatField(allow_null=True, required=False)


class ComparedAssistantSerializer(AssistantSerializer):
    scores = serializers.SerializerMethodField(
        help_text="The shown scores of the chosen categories and overall (requested weights): the low end of each evidence band, null without enough evidence."
    )

    evidence = serializers.SerializerMethodField(
        help_text="The compared categories and overall (with the requested weights) under the evidence method."
    )

    class Meta(AssistantSerializer.Meta):
        fields = AssistantSerializer.Meta.fields

    @extend_schema_field(ComparedScoresSerializer)
    def get_scores(self, assistant):
        return shown_scores(self.context["evidence"][assistant.slug], (*self.context["categories"], "overall"))

    @extend_schema_field(EvidenceScoresSerializer)
    def get_evidence(self, assistant):
        evidence = self.context["evidence"][assistant.slug]
        keys = [*self.context["categories"], "overall"]
        return evidence_scores_data({key: evidence[key] for key in keys})


class ComparisonSerializer(serializers.Serializer):
    assistants = serializers.SerializerMethodField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=CATEGORY_KEYS))
    weights = serializers.SerializerMethodField(
        help_text="The category weights applied (compared categories only)."
    )
    criteria = serializers.SerializerMethodField()
    ranking = serializers.SerializerMethodField(
        help_text="The ranked (enough evidence), best first by the low end of their band, then the "
        "unranked with the reason (docs/methodology.md)."
    )
    open_questions = serializers.SerializerMethodField(
        help_text="Unknown or disputed answers that could change the ranking, the most telling first."
    )
    first_choice_share = serializers.FloatField(
        allow_null=True,
        help_text="Share (0-1) of weightings (each compared category 0 to 3) under which the first "
        "stays first; null when nobody is ranked.",
    )
    best_in_class = serializers.DictField(
        child=serializers.ListField(child=serializers.SlugField()),
        help_text="Criterion slug -> the compared assistants with the best known answer.",
    )

    @extend_schema_field(ComparedAssistantSerializer(many=True))
    def get_assistants(self, comparison):
        context = {**self.context, "scores": comparison.scores, "evidence": comparison.evidence,
                   "categories": comparison.categories}
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
        rows = []
        for position, slug in enumerate(comparison.ranking, start=1):
            evidence = evidence_data(comparison.evidence[slug]["overall"])
            rows.append({
                "position": position,
                "assistant": slug,
                "score": evidence["score"],
                "rank": comparison.position(slug),
                "unranked": comparison.reason(slug),
                "band": evidence["band"],
                "enough_evidence": evidence["enough_evidence"],
                "coverage": evidence["coverage"],
                "could_swap_with": comparison.could_swap_with.get(slug, []),
            })
        return rows

    @extend_schema_field(OpenQuestionSerializer(many=True))
    def get_open_questions(self, comparison):
        return [
            {"assistant": q.assistant, "criterion": q.criterion, "categories": list(q.categories),
             "could_rank": list(q.positions), "changes": q.changes}
            for q in comparison.open_questions
        ]
