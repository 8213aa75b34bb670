"""Assistants: the list row, the detail with its dossier, an alternative, and one answer."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.base import (
    CriterionBriefSerializer,
    EvidenceScoreSerializer,
    EvidenceScoresSerializer,
    ModelBriefSerializer,
    PartialDateField,
    ScoresSerializer,
    SourceBriefSerializer,
    VendorBriefSerializer,
    evidence_data,
    evidence_scores_data,
    iso_date,
    shown_scores,
    source_data,
    text_or_none,
)
from api.serializers.editorial import (
    DeprecationSerializer,
    OfferedModelSerializer,
    PoliticalTieSerializer,
    RegulatorActionSerializer,
)
from catalog.models import (
    CATEGORY_KEYS,
    Assistant,
)
from catalog.scoring.scores import annotated_evidence, annotated_reason, stored_evidence


class AssistantSerializer(serializers.ModelSerializer):
    vendor = VendorBriefSerializer()
    scores = serializers.SerializerMethodField(
        help_text="The shown scores (default, equal category weights): each the low end of its evidence "
        "band, null when the category (or, for overall, any category) lacks enough evidence or nothing is "
        "known. `evidence` gives the bands (docs/methodology.md)."
    )
    coverage = serializers.FloatField(help_text="Share of all criteria assessed, 0 to 1.")
    evidence = serializers.SerializerMethodField(
        help_text="Per category and overall (default weights): the shown score, its `band` {low, high}, "
        "`enough_evidence` and `coverage` (docs/methodology.md)."
    )

    class Meta:
        model = Assistant
        fields = ["slug", "name", "vendor", "status", "open_weights", "scores", "coverage", "evidence"]

    @extend_schema_field(ScoresSerializer)
    def get_scores(self, assistant):
        return shown_scores(stored_evidence(assistant), (*CATEGORY_KEYS, "overall"))

    @extend_schema_field(EvidenceScoresSerializer)
    def get_evidence(self, assistant):
        return evidence_scores_data(stored_evidence(assistant))

    def to_representation(self, assistant):
        # Lists and alternatives show many rows: written out, with the same output as the
        # declared fields (tests/api/test_representations.py); the methods stay overridable.
        vendor = assistant.vendor
        return {
            "slug": assistant.slug,
            "name": assistant.name,
            "vendor": {"slug": vendor.slug, "name": vendor.name, "country": vendor.country},
            "status": assistant.status,
            "open_weights": assistant.open_weights,
            "scores": self.get_scores(assistant),
            "coverage": None if assistant.coverage is None else float(assistant.coverage),
            "evidence": self.get_evidence(assistant),
        }


class EvidenceSerializer(serializers.Serializer):
    """One answer to one criterion (a comparison cell); all null when unknown."""

    assessment = serializers.IntegerField(
        source="assessment.id", allow_null=True, help_text="Assessment id."
    )
    value = serializers.CharField(source="assessment.value", allow_null=True)
    score = serializers.IntegerField(source="assessment.score", allow_null=True)
    verdict = serializers.CharField(source="assessment.verdict", allow_null=True)
    note = serializers.CharField(source="assessment.note", allow_null=True)
    confidence = serializers.CharField(source="assessment.confidence", allow_null=True)
    as_of = serializers.DateField(source="assessment.as_of", allow_null=True)
    checked = serializers.DateField(
        source="assessment.checked", allow_null=True, help_text="The day an editor last checked the claim."
    )
    inherited = serializers.BooleanField(
        help_text="True when the answer is the vendor's, shared by its assistants."
    )
    searched = serializers.DateField(
        source="search.searched", allow_null=True, default=None,
        help_text="For an unknown answer: the day a search looked for a source and found none "
        "(see /searches/); null otherwise.",
    )
    sources = SourceBriefSerializer(many=True)

    def to_representation(self, answer):
        # One per criterion and assistant (a detail has every criterion, a comparison every
        # cell): written out, with the same output as the declared fields
        # (tests/api/test_representations.py).
        assessment, search = answer.assessment, getattr(answer, "search", None)
        evidence = {
            "assessment": None, "value": None, "score": None, "verdict": None, "note": None,
            "confidence": None, "as_of": None, "checked": None,
        }
        if assessment is not None:
            evidence = {
                "assessment": assessment.id,
                "value": text_or_none(assessment.value),
                "score": None if assessment.score is None else int(assessment.score),
                "verdict": text_or_none(assessment.verdict),
                "note": text_or_none(assessment.note),
                "confidence": text_or_none(assessment.confidence),
                "as_of": iso_date(assessment.as_of),
                "checked": iso_date(assessment.checked),
            }
        return {
            **evidence,
            "inherited": bool(answer.inherited),
            "searched": iso_date(search.searched) if search is not None else None,
            "sources": [source_data(item) for item in answer.sources],
        }


class CriterionEvidenceSerializer(EvidenceSerializer):
    criterion = CriterionBriefSerializer()

    def to_representation(self, answer):
        criterion = answer.criterion
        return {
            "criterion": {"slug": criterion.slug, "category": criterion.category, "name": criterion.name},
            **super().to_representation(answer),
        }


class EvidenceByCategorySerializer(serializers.Serializer):
    """Every criterion of each category, answered or not."""

    privacy = CriterionEvidenceSerializer(many=True)
    political_ties = CriterionEvidenceSerializer(many=True)
    safety = CriterionEvidenceSerializer(many=True)
    deprecation = CriterionEvidenceSerializer(many=True)


class AssistantDetailSerializer(AssistantSerializer):
    launched = PartialDateField("launched", read_only=True, allow_null=True)
    models = ModelBriefSerializer(source="models_used", many=True)
    sources = SourceBriefSerializer(many=True)
    assessments = EvidenceByCategorySerializer(source="dossier.answers")
    deprecations = DeprecationSerializer(source="dossier.deprecations", many=True)
    political_ties = PoliticalTieSerializer(source="dossier.ties", many=True)
    offered_models = OfferedModelSerializer(
        source="dossier.offered_models", many=True,
        help_text="Models by other makers the assistant offers, under its vendor's own agreements.",
    )
    regulator_actions = RegulatorActionSerializer(source="dossier.regulator_actions", many=True)

    class Meta(AssistantSerializer.Meta):
        fields = AssistantSerializer.Meta.fields + [
            "website",
            "launched",
            "description",
            "models",
            "sources",
            "assessments",
            "deprecations",
            "political_ties",
            "offered_models",
            "regulator_actions",
        ]

    # One per request, with nested records of many kinds: DRF's walk over the declared fields.
    to_representation = serializers.ModelSerializer.to_representation


class RoundedFloatField(serializers.FloatField):
    """Scores are shown to one decimal, like the stored ones."""

    def to_representation(self, value):
        return round(super().to_representation(value), 1)


class AlternativeSerializer(AssistantSerializer):
    weighted_score = RoundedFloatField(
        allow_null=True,
        help_text="Weighted mean of the known category scores with the requested weights.",
    )
    weighted = serializers.SerializerMethodField(
        help_text="Overall under the requested weights: score, band, enough_evidence, coverage."
    )
    rank = serializers.SerializerMethodField(help_text="Position among the ranked (1 = best); null when unranked.")
    unranked = serializers.SerializerMethodField(
        help_text="Why it is not ranked (`not_enough_evidence` or `unverified`); null when ranked."
    )
    could_swap_with = serializers.SerializerMethodField(
        help_text="Slugs of the ranked alternatives on this page whose band overlaps: more evidence could swap them."
    )

    class Meta(AssistantSerializer.Meta):
        fields = AssistantSerializer.Meta.fields + ["weighted_score", "weighted", "rank", "unranked", "could_swap_with"]

    def to_representation(self, assistant):
        weighted_score = assistant.weighted_score
        return {
            **super().to_representation(assistant),
            "weighted_score": None if weighted_score is None else round(float(weighted_score), 1),
            "weighted": self.get_weighted(assistant),
            "rank": self.get_rank(assistant),
            "unranked": self.get_unranked(assistant),
            "could_swap_with": self.get_could_swap_with(assistant),
        }

    @extend_schema_field(EvidenceScoreSerializer)
    def get_weighted(self, assistant):
        return evidence_data(annotated_evidence(assistant))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_rank(self, assistant):
        return self.context.get("ranks", {}).get(assistant.slug)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_unranked(self, assistant):
        return annotated_reason(assistant)

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_could_swap_with(self, assistant):
        return self.context.get("swaps", {}).get(assistant.slug, [])
