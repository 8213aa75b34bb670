"""What changed for an assistant between two moments (catalog.differences)."""
from rest_framework import serializers

from api.serializers.base import (
    CriterionBriefSerializer,
    EvidenceScoresSerializer,
    ScoresSerializer,
    SourceBriefSerializer,
    shown_scores,
)
from api.serializers.editorial import DeprecationSerializer, PoliticalTieSerializer, RegulatorActionSerializer
from api.serializers.switching import SwitchingFactSerializer
from catalog.differences import (
    ADDED,
    CHANGED,
    COMPARED_FIELDS,
    DEPRECATIONS,
    POLITICAL_TIES,
    REGULATOR_ACTIONS,
    RETRACTED,
    SWITCHING_FACTS,
)
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


def record_change_serializer(kind, record_serializer, what):
    """The change serializer of one kind of record (catalog.differences.RecordKind): the same
    shape for every kind, with the record as the kind's own list serializes it."""
    return type(
        f"{record_serializer.__name__.removesuffix('Serializer')}ChangeSerializer",
        (serializers.Serializer,),
        {
            "__doc__": f"{what} added, changed or retracted, as it was on each side with the sources it cited then.",
            "change": serializers.ChoiceField(choices=[ADDED, CHANGED, RETRACTED]),
            "key": serializers.CharField(source="record.key"),
            "changed_fields": serializers.ListField(
                source="fields",
                child=serializers.ChoiceField(choices=[*kind.compared, "sources"]),
                help_text="For a changed record, what changed.",
            ),
            "before": record_serializer(allow_null=True, help_text="The record at `from`; null when added."),
            "after": record_serializer(allow_null=True, help_text="The record at `to`; null when retracted."),
        },
    )


# {kind name: (its change serializer, help text)}: the lists besides `claims`.
RECORD_CHANGES = {
    DEPRECATIONS.name: (
        record_change_serializer(DEPRECATIONS, DeprecationSerializer, "A deprecation event"),
        "Deprecation events of the models the assistant runs, and its own.",
    ),
    POLITICAL_TIES.name: (
        record_change_serializer(POLITICAL_TIES, PoliticalTieSerializer, "A political tie"),
        "Political ties of the assistant's vendor.",
    ),
    REGULATOR_ACTIONS.name: (
        record_change_serializer(REGULATOR_ACTIONS, RegulatorActionSerializer, "A regulator action"),
        "Regulator actions aimed at the assistant, or at its vendor without naming an assistant.",
    ),
    SWITCHING_FACTS.name: (
        record_change_serializer(SWITCHING_FACTS, SwitchingFactSerializer, "A switching fact"),
        "The assistant's switching facts (plans, export, deletion, ...).",
    ),
}


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
        for name, (serializer, help_text) in RECORD_CHANGES.items():
            fields[name] = serializer(many=True, help_text=help_text)
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
            **{
                name: serializer(changes.records[name], many=True).data
                for name, (serializer, _) in RECORD_CHANGES.items()
            },
        }
