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


class SourceBriefSerializer(serializers.ModelSerializer):
    published = PartialDateField("published", read_only=True, allow_null=True)

    class Meta:
        model = Source
        # kind, accessed and read_via: added in the second round (additive).
        fields = ["key", "title", "publisher", "url", "published", "kind", "accessed", "read_via"]


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
