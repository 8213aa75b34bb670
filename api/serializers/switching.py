"""The switching plan (catalog.switching.SwitchPlan) as GET /api/v1/assistants/<slug>/switch/
returns it: the same content as the /switch/<slug>/ page."""
from rest_framework import serializers

from api.serializers.assistants import (
    AssistantSerializer,
    CriterionEvidenceSerializer,
    EvidenceSerializer,
    RoundedFloatField,
)
from api.serializers.base import (
    CriterionBriefSerializer,
    ModelBriefSerializer,
    PartialDateField,
    SourceBriefSerializer,
)
from api.serializers.editorial import DeprecationSerializer, PoliticalTieSerializer
from catalog.models import SwitchingFact


class SwitchingFactSerializer(serializers.ModelSerializer):
    """A switching fact; fields that do not belong to its kind are blank or null."""

    from_assistant = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    model = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, read_only=True,
                                     help_text="Per period, in currency; 0 for a free plan; null when not known.")
    until = PartialDateField("until", read_only=True, allow_null=True)
    as_of = PartialDateField("as_of", read_only=True, help_text="The date the fact holds (a price's date).")
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = SwitchingFact
        fields = [
            "key", "kind", "summary", "steps", "format", "duration", "plan", "price", "currency", "period",
            "from_assistant", "what", "regions", "model", "where", "until", "as_of", "checked", "note",
            "confidence", "sources",
        ]


class CriterionDifferenceSerializer(serializers.Serializer):
    criterion = CriterionBriefSerializer()
    theirs = EvidenceSerializer(help_text="The alternative's answer.")
    ours = EvidenceSerializer(help_text="The answer of the assistant being left.")


class SwitchAlternativeSerializer(serializers.Serializer):
    assistant = AssistantSerializer()
    weighted_score = RoundedFloatField(allow_null=True, help_text="With the requested weights.")
    better = CriterionDifferenceSerializer(
        many=True, help_text="Criteria where it scores higher than the assistant left, biggest gap first; "
        "the first three are the page's one-line reason."
    )
    worse = CriterionDifferenceSerializer(many=True, help_text="Caveats: criteria where it scores lower.")
    unknown = CriterionBriefSerializer(many=True, help_text="Caveats: criteria answered for the assistant left, unknown for this one.")
    plans = SwitchingFactSerializer(many=True, help_text="Plans and prices, each with its date.")
    imports = SwitchingFactSerializer(many=True, help_text="What it imports from the assistant left; empty when no source was found.")


class SwitchStepSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="export, training_opt_out or deletion")
    known = serializers.BooleanField(help_text="False: no source found, facts is empty.")
    facts = SwitchingFactSerializer(many=True)


class ModelAccessSerializer(serializers.Serializer):
    fact = SwitchingFactSerializer()
    model = ModelBriefSerializer(source="fact.model")
    until_in_ledger = serializers.BooleanField(
        allow_null=True, help_text="Whether a published retirement-ledger event holds the fact's end date "
        "(false: the date is reported by the fact only; null: no end date)."
    )
    ledger = DeprecationSerializer(many=True, help_text="Published ledger events of the model, oldest first.")


class WhySerializer(serializers.Serializer):
    weakest = CriterionEvidenceSerializer(
        source="weak", many=True, help_text="Its lowest published answers (score below 50), lowest first."
    )
    retirements = DeprecationSerializer(many=True, help_text="Its models' retirements, newest first.")
    political_ties = PoliticalTieSerializer(source="ties", many=True, help_text="Its vendor's newest ties.")
    political_ties_count = serializers.IntegerField(source="ties_count")


class SwitchPlanSerializer(serializers.Serializer):
    assistant = AssistantSerializer()
    weights = serializers.DictField(child=serializers.FloatField())
    why = WhySerializer(source="*")
    alternatives = SwitchAlternativeSerializer(many=True)
    how_to_leave = SwitchStepSerializer(source="leaving", many=True)
    plans = SwitchingFactSerializer(many=True, help_text="The assistant's own plans and prices.")
    model_access = ModelAccessSerializer(many=True)
    notice_promises = SwitchingFactSerializer(many=True)
