"""What changed for an assistant between two moments (catalog.differences)."""
from rest_framework import serializers

from api.serializers.base import (
    CriterionBriefSerializer,
    EvidenceScoresSerializer,
    ScoresSerializer,
    SourceBriefSerializer,
    shown_scores,
)
from catalog.differences import ADDED, CHANGED, COMPARED_FIELDS, RETRACTED
from catalog.models import CATEGORY_KEYS, Assessment
from catalog.scoring.scores import stored_evidence


class ClaimSerializer(serializers.ModelSerializer):
    """A published assessment as it was on one side, with the sources it cited then."""

    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Assessment
        fields = ["id", "value", "score", "verdict", "note", "confidence", "as_of", "sources"]


class ClaimChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=[ADDED, CHANGED, RETRACTED])
    subject = serializers.ChoiceField(
        choices=["assistant", "vendor"],
        help_text="Whose claim: the assistant's own, or its vendor's (which applies unless it has its own).",
    )
    criterion = CriterionBriefSerializer()
    changed_fields = serializers.ListField(
        source="fields",
        child=serializers.ChoiceField(choices=[*COMPARED_FIELDS, "sources"]),
        help_text="For a changed claim, what changed.",
    )
    before = ClaimSerializer(allow_null=True, help_text="The claim at `from`; null when added.")
    after = ClaimSerializer(allow_null=True, help_text="The claim at `to`; null when retracted.")


class SideScoresSerializer(serializers.Serializer):
    scores = ScoresSerializer(allow_null=True)
    evidence = EvidenceScoresSerializer(allow_null=True)

    def to_representation(self, assistant):
        if assistant is None:
            return {"scores": None, "evidence": None}
        evidence = stored_evidence(assistant)
        return {
            "scores": shown_scores(evidence, (*CATEGORY_KEYS, "overall")),
            "evidence": EvidenceScoresSerializer().to_representation(evidence),
        }


class AssistantChangesSerializer(serializers.Serializer):
    """Given the changes (catalog.differences.AssistantChanges) and, in the context, the window
    (edge.asof.Window) they were read for."""

    assistant = serializers.CharField(source="slug")
    start = serializers.CharField(help_text="The moment compared from (`from`, or 30 days ago).")
    end = serializers.CharField(allow_null=True, help_text="The moment compared to (`to`); null: now.")
    before = SideScoresSerializer(
        help_text="Scores at `from`, computed with today's method from the records as they were; "
        "null when the assistant was not in the catalog yet."
    )
    after = SideScoresSerializer(help_text="Scores at `to` (or now).")
    claims = ClaimChangeSerializer(many=True)

    def get_fields(self):
        # `from` and `to` are the parameters' names, and Python keywords.
        fields = super().get_fields()
        return {("from" if name == "start" else "to" if name == "end" else name): field for name, field in fields.items()}

    def to_representation(self, changes):
        window = self.context["window"]
        return {
            "assistant": changes.slug,
            "from": window.start_label,
            "to": window.end_label,
            "before": SideScoresSerializer().to_representation(changes.before.assistant),
            "after": SideScoresSerializer().to_representation(changes.after.assistant),
            "claims": ClaimChangeSerializer(changes.claims, many=True).data,
        }
