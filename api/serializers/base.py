"""Small shapes reused inside others: partial dates, brief records, scores."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.dates import iso_partial, parse_partial_date
from catalog.models import (
    AIModel,
    Criterion,
    Source,
    Vendor,
)


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """A date known to the day, the month or the year: '2025-08-07', '2025-08' or '2025'.

    Reads and writes the model's `<name>` and `<name>_precision` together.
    """

    accepted = "a date: YYYY-MM-DD, YYYY-MM or YYYY"

    def __init__(self, name, **kwargs):
        self.date_name = name
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return iso_partial(
            getattr(instance, self.date_name), getattr(instance, f"{self.date_name}_precision")
        )

    def to_internal_value(self, data):
        if data in (None, "") and not self.allow_null:
            self.fail("null")
        try:
            value, precision = parse_partial_date(data)
        except (TypeError, ValueError) as error:
            raise serializers.ValidationError(str(error)) from None
        return {self.date_name: value, f"{self.date_name}_precision": precision}


class VendorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["slug", "name", "country"]


def iso_date(value):
    """A date as DRF's DateField shows it (ISO 8601), None when unknown."""
    return value.isoformat() if value else None


def text_or_none(value):
    """A value as DRF's CharField shows it: its text, None when None."""
    return None if value is None else str(value)


class SourceBriefSerializer(serializers.ModelSerializer):
    published = PartialDateField("published", read_only=True, allow_null=True)

    class Meta:
        model = Source
        # kind, accessed and read_via: added in the second round (additive).
        fields = ["key", "title", "publisher", "url", "published", "kind", "accessed", "read_via"]

    def to_representation(self, source):
        return source_data(source)


def source_data(source):
    """A source as SourceBriefSerializer shows it. Every answer lists its sources: written out,
    this is a fraction of DRF's walk over the declared fields, with the same output
    (tests/api/test_representations.py)."""
    return {
            "key": source.key,
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "published": iso_partial(source.published, source.published_precision),
            "kind": source.kind,
            "accessed": iso_date(source.accessed),
            "read_via": source.read_via,
        }


class CriterionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["slug", "category", "name"]


class ModelBriefSerializer(serializers.ModelSerializer):
    released = PartialDateField("released", read_only=True, allow_null=True)
    retired = PartialDateField("retired", read_only=True, allow_null=True)

    class Meta:
        model = AIModel
        fields = ["slug", "name", "status", "released", "retired"]


class ScoresSerializer(serializers.Serializer):
    """Scores 0-100; null means unknown (nothing published in that category), never 0."""

    privacy = serializers.FloatField(allow_null=True)
    political_ties = serializers.FloatField(allow_null=True)
    safety = serializers.FloatField(allow_null=True)
    deprecation = serializers.FloatField(allow_null=True)
    overall = serializers.FloatField(allow_null=True)


class BandSerializer(serializers.Serializer):
    low = serializers.FloatField(help_text="The lowest the score can be once the unknowns are known.")
    high = serializers.FloatField(help_text="The highest it can be.")


class EvidenceScoreSerializer(serializers.Serializer):
    """One score under the evidence method (docs/methodology.md)."""

    score = serializers.FloatField(
        allow_null=True, help_text="The shown score: the band's low end, null without enough evidence."
    )
    band = BandSerializer(allow_null=True)
    enough_evidence = serializers.BooleanField(
        help_text="True when the assessed criteria carry at least CANDOR_EVIDENCE_THRESHOLD of the "
        "criterion weight (overall: in every category that counts)."
    )
    coverage = serializers.FloatField(help_text="Share of the criterion weight assessed (not unknown, not disputed), 0 to 1.")

    def to_representation(self, evidence):
        return evidence_data(evidence)


def shown_scores(evidence, keys):
    """{key: the shown score} of {key: bands.Evidence}: the band's low end with enough evidence,
    else null, so a score never looks better because less is known."""
    return {key: round(evidence[key].score, 1) if evidence[key].score is not None else None for key in keys}


def evidence_data(evidence):
    """A bands.Evidence as the API shows it, rounded like the stored scores."""
    band = evidence.band
    return {
        "score": round(evidence.score, 1) if evidence.score is not None else None,
        "band": {"low": round(band.low, 1), "high": round(band.high, 1)} if band else None,
        "enough_evidence": evidence.enough,
        "coverage": round(evidence.coverage, 3),
    }


class EvidenceScoresSerializer(serializers.Serializer):
    """Per category and overall: the score, its band, whether there is enough evidence, coverage."""

    privacy = EvidenceScoreSerializer(required=False)
    political_ties = EvidenceScoreSerializer(required=False)
    safety = EvidenceScoreSerializer(required=False)
    deprecation = EvidenceScoreSerializer(required=False)
    overall = EvidenceScoreSerializer()

    def to_representation(self, evidence_by_key):
        return evidence_scores_data(evidence_by_key)


def evidence_scores_data(evidence_by_key):
    """{key: bands.Evidence} as EvidenceScoresSerializer shows it, without building one per row."""
    return {key: evidence_data(evidence) for key, evidence in evidence_by_key.items()}
