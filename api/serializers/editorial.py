"""Editable records: their read shapes and the editors' write forms.

Write serializers take slugs and keys, and defer to the read serializer for what they answer.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from api.serializers.base import (
    CriterionBriefSerializer,
    ModelBriefSerializer,
    PartialDateField,
    SourceBriefSerializer,
    VendorBriefSerializer,
)
from catalog import rubric
from catalog.models import (
    AIModel,
    Assessment,
    Assistant,
    Criterion,
    DeprecationEvent,
    OfferedModel,
    PoliticalTie,
    RegulatorAction,
    SearchRecord,
    Source,
    Status,
    Vendor,
)
from edge.parameters import ParameterError


class DeprecationSerializer(serializers.ModelSerializer):
    model = ModelBriefSerializer()
    vendor = serializers.SlugRelatedField(source="model.vendor", slug_field="slug", read_only=True)
    assistant = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text="Set when the event is an assistant's own (it removed another maker's model).",
    )
    date = PartialDateField("date", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = DeprecationEvent
        fields = [
            "key",
            "model",
            "vendor",
            "assistant",
            "kind",
            "date",
            "scope",
            "surface",
            "notice_days",
            "order",
            "summary",
            "note",
            "confidence",
            "status",
            "sources",
            "updated_at",
        ]


class PoliticalTieSerializer(serializers.ModelSerializer):
    vendor = VendorBriefSerializer()
    date = PartialDateField("date", read_only=True, allow_null=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = PoliticalTie
        fields = [
            "key",
            "vendor",
            "person",
            "recipient",
            "kind",
            "amount",
            "currency",
            "date",
            "jurisdiction",
            "summary",
            "note",
            "confidence",
            "status",
            "sources",
            "updated_at",
        ]


class SourceSerializer(serializers.ModelSerializer):
    """Sources are read and written in the same shape; the key is fixed once created."""

    published = PartialDateField("published", required=False, allow_null=True)
    repost_of = serializers.SlugRelatedField(
        slug_field="key", queryset=Source.objects.all(), required=False, allow_null=True,
        help_text="For an aggregator: the key of the source it copies or summarises.",
    )

    class Meta:
        model = Source
        fields = [
            "key",
            "title",
            "publisher",
            "url",
            "published",
            "accessed",
            "language",
            "kind",
            "read_via",
            "repost_of",
            "quote",
            "link_status",
            "link_checked_at",
        ]
        read_only_fields = ["link_status", "link_checked_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["key"].read_only = True
        return fields


class AssessmentSerializer(serializers.ModelSerializer):
    # An assessment is about an assistant or a vendor: the other one is null.
    assistant = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    vendor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    criterion = CriterionBriefSerializer()
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "assistant",
            "vendor",
            "criterion",
            "value",
            "score",
            "verdict",
            "note",
            "confidence",
            "as_of",
            "checked",
            "status",
            "sources",
            "updated_at",
        ]


def writable_fields(read_serializer, *computed):
    """A write form takes the fields its record is read with, less those the server computes."""
    return [name for name in read_serializer.Meta.fields if name not in computed]


class EditorialWriteSerializer(serializers.ModelSerializer):
    """Common rules of editorial writes.

    A published record cites at least one source (PostgreSQL also checks this with a deferred
    trigger; SQLite relies on this check alone). The answer is the read representation.
    """

    read_serializer_class = None
    sources = serializers.SlugRelatedField(
        many=True, slug_field="key", queryset=Source.objects.all(), required=False
    )

    def current(self, attrs, name, default=None):
        """The value after this write: from the request, else from the record, else default."""
        if name in attrs:
            return attrs[name]
        if self.instance is not None:
            value = getattr(self.instance, name)
            return list(value.all()) if name == "sources" else value
        return default

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "key" in fields:
            fields["key"].read_only = True
        return fields

    def validate(self, attrs):
        if self.current(attrs, "status", Status.DRAFT) == Status.PUBLISHED and not self.current(
            attrs, "sources", []
        ):
            raise ParameterError(
                "sources",
                "a published record needs at least one source",
                'a list of source keys, e.g. ["openai-data-controls-faq"]; or status draft',
            )
        return attrs

    def to_representation(self, instance):
        return self.read_serializer_class(instance, context=self.context).data


class AssessmentWriteSerializer(EditorialWriteSerializer):
    read_serializer_class = AssessmentSerializer
    assistant = serializers.SlugRelatedField(
        slug_field="slug", queryset=Assistant.objects.all(), required=False, allow_null=True
    )
    vendor = serializers.SlugRelatedField(
        slug_field="slug", queryset=Vendor.objects.all(), required=False, allow_null=True
    )
    criterion = serializers.SlugRelatedField(slug_field="slug", queryset=Criterion.objects.all())
    value = serializers.CharField(
        max_length=100,
        help_text="One of the criterion's accepted values; the score follows from its rubric.",
    )

    class Meta:
        model = Assessment
        fields = writable_fields(AssessmentSerializer, "id", "score", "updated_at")
        # DRF would turn the conditional unique constraints into "vendor is required";
        # check_one_published() applies them as they are meant (published rows only).
        validators = []

    def validate(self, attrs):
        attrs = super().validate(attrs)
        assistant, vendor = self.current(attrs, "assistant"), self.current(attrs, "vendor")
        if (assistant is None) == (vendor is None):
            raise ParameterError(
                "assistant",
                "an assessment is about exactly one subject: "
                "give an assistant or a vendor, not both",
                "an assistant slug, or null with a vendor slug",
            )
        criterion, value = self.current(attrs, "criterion"), self.current(attrs, "value")
        try:
            criterion.score_for(value)
        except DjangoValidationError as error:
            raise ParameterError(
                "value",
                error.messages[0],
                rubric.accepted_values(criterion.value_type, criterion.rubric),
            ) from None
        if self.current(attrs, "status", Status.DRAFT) == Status.PUBLISHED:
            self.check_one_published(assistant, vendor, criterion)
        return attrs

    def check_one_published(self, assistant, vendor, criterion):
        others = Assessment.objects.filter(
            status=Status.PUBLISHED, criterion=criterion, assistant=assistant, vendor=vendor
        )
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        existing = others.values_list("pk", flat=True).first()
        if existing is not None:
            raise ParameterError(
                "criterion",
                f"assessment {existing} already answers {criterion.slug} "
                f"for {assistant or vendor}; "
                "edit it, or retract it first",
                "a criterion not yet published for this subject, or status draft",
                code="conflict",
            )


class DeprecationWriteSerializer(EditorialWriteSerializer):
    read_serializer_class = DeprecationSerializer
    model = serializers.SlugRelatedField(slug_field="slug", queryset=AIModel.objects.all())
    assistant = serializers.SlugRelatedField(
        slug_field="slug", queryset=Assistant.objects.all(), required=False, allow_null=True
    )
    date = PartialDateField("date")

    class Meta:
        model = DeprecationEvent
        fields = writable_fields(DeprecationSerializer, "vendor", "updated_at")


class CurrencyField(serializers.RegexField):
    accepted = "an ISO 4217 code in capitals, e.g. USD or EUR"

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": "Enter an ISO 4217 currency code in capitals."}
        )
        super().__init__(r"^[A-Z]{3}$", **kwargs)


class PoliticalTieWriteSerializer(EditorialWriteSerializer):
    read_serializer_class = PoliticalTieSerializer
    vendor = serializers.SlugRelatedField(slug_field="slug", queryset=Vendor.objects.all())
    date = PartialDateField("date", required=False, allow_null=True)
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = CurrencyField(required=False, allow_blank=True)

    class Meta:
        model = PoliticalTie
        fields = writable_fields(PoliticalTieSerializer, "updated_at")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.current(attrs, "amount") is not None and not self.current(attrs, "currency"):
            raise ParameterError(
                "currency", "an amount needs its currency", "an ISO 4217 code, e.g. USD"
            )
        return attrs


# --- second-round records: read-only lists -----------------------------------------------------


class RegulatorActionSerializer(serializers.ModelSerializer):
    vendor = VendorBriefSerializer()
    assistant = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    date = PartialDateField("date", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = RegulatorAction
        fields = [
            "key",
            "vendor",
            "assistant",
            "authority",
            "jurisdiction",
            "kind",
            "date",
            "outcome",
            "amount",
            "currency",
            "summary",
            "note",
            "confidence",
            "sources",
            "updated_at",
        ]


class SearchRecordSerializer(serializers.ModelSerializer):
    assistant = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    vendor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    criterion = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text="The unknown cell that was searched; null for a record of what a category's search covered.",
    )
    covered = serializers.ListField(child=serializers.CharField(), help_text="What was looked at.")

    class Meta:
        model = SearchRecord
        fields = ["key", "assistant", "vendor", "criterion", "category", "searched", "covered", "outcome", "note"]


class OfferedModelSerializer(serializers.ModelSerializer):
    model = ModelBriefSerializer()
    maker = VendorBriefSerializer(source="model.vendor", help_text="The model's maker.")
    since = PartialDateField("since", read_only=True, allow_null=True)
    until = PartialDateField("until", read_only=True, allow_null=True)
    removed_by = serializers.SlugRelatedField(
        slug_field="key", read_only=True, allow_null=True,
        help_text="The key of the maker's deprecation event that removed it (see /deprecations/).",
    )
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = OfferedModel
        fields = ["key", "model", "maker", "since", "until", "removed_by", "terms", "note", "confidence", "sources"]
