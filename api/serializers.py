"""Serializers: the public shapes of the catalog (stable field names, see DESIGN.md) and the
editors' write forms.

Read serializers only touch what the viewsets' querysets select or prefetch, so their cost
does not grow with the rows they render. Write serializers take slugs and keys, and defer to
the read serializer for what they answer.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog import rubric
from catalog.dates import iso_partial, parse_partial_date
from catalog.models import (
    CATEGORY_KEYS,
    AIModel,
    Assessment,
    Assistant,
    Campaign,
    Criterion,
    DeprecationEvent,
    PoliticalTie,
    Source,
    Status,
    Vendor,
)

from edge.parameters import ParameterError


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


# --- small shapes reused inside others -------------------------------------------------------


class VendorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["slug", "name", "country"]


class SourceBriefSerializer(serializers.ModelSerializer):
    published = PartialDateField("published", read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = ["key", "title", "publisher", "url", "published"]


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


# --- assistants --------------------------------------------------------------------------------


class AssistantSerializer(serializers.ModelSerializer):
    vendor = VendorBriefSerializer()
    scores = ScoresSerializer(help_text="Stored scores with the default (equal) category weights.")
    coverage = serializers.FloatField(help_text="Share of all criteria assessed, 0 to 1.")

    class Meta:
        model = Assistant
        fields = ["slug", "name", "vendor", "status", "open_weights", "scores", "coverage"]


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
    inherited = serializers.BooleanField(
        help_text="True when the answer is the vendor's, shared by its assistants."
    )
    sources = SourceBriefSerializer(many=True)


class CriterionEvidenceSerializer(EvidenceSerializer):
    criterion = CriterionBriefSerializer()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {"criterion": data.pop("criterion"), **data}


class EvidenceByCategorySerializer(serializers.Serializer):
    """Every criterion of each category, answered or not."""

    privacy = CriterionEvidenceSerializer(many=True)
    political_ties = CriterionEvidenceSerializer(many=True)
    safety = CriterionEvidenceSerializer(many=True)
    deprecation = CriterionEvidenceSerializer(many=True)


class DeprecationSerializer(serializers.ModelSerializer):
    model = ModelBriefSerializer()
    vendor = serializers.SlugRelatedField(source="model.vendor", slug_field="slug", read_only=True)
    date = PartialDateField("date", read_only=True)
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = DeprecationEvent
        fields = [
            "key",
            "model",
            "vendor",
            "kind",
            "date",
            "scope",
            "surface",
            "notice_days",
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
            "summary",
            "note",
            "confidence",
            "status",
            "sources",
            "updated_at",
        ]


class AssistantDetailSerializer(AssistantSerializer):
    launched = PartialDateField("launched", read_only=True, allow_null=True)
    models = ModelBriefSerializer(source="models_used", many=True)
    sources = SourceBriefSerializer(many=True)
    assessments = EvidenceByCategorySerializer(source="dossier.answers")
    deprecations = DeprecationSerializer(source="dossier.deprecations", many=True)
    political_ties = PoliticalTieSerializer(source="dossier.ties", many=True)

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
        ]


class RoundedFloatField(serializers.FloatField):
    """Scores are shown to one decimal, like the stored ones."""

    def to_representation(self, value):
        return round(super().to_representation(value), 1)


class AlternativeSerializer(AssistantSerializer):
    weighted_score = RoundedFloatField(
        allow_null=True,
        help_text="Weighted mean of the known category scores with the requested weights.",
    )

    class Meta(AssistantSerializer.Meta):
        fields = AssistantSerializer.Meta.fields + ["weighted_score"]


# --- compare -----------------------------------------------------------------------------------


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


# --- reference lists ---------------------------------------------------------------------------


class VendorSerializer(serializers.ModelSerializer):
    assistants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Vendor
        fields = [
            "slug",
            "name",
            "country",
            "jurisdiction",
            "ownership",
            "website",
            "verified",
            "description",
            "assistants",
            "sources",
        ]


class CriterionSerializer(serializers.ModelSerializer):
    accepted_values = serializers.SerializerMethodField()

    class Meta:
        model = Criterion
        fields = [
            "slug",
            "category",
            "name",
            "question",
            "value_type",
            "accepted_values",
            "rubric",
            "rubric_text",
            "default_weight",
        ]

    def get_accepted_values(self, criterion) -> list[str]:
        return rubric.accepted_values(criterion.value_type, criterion.rubric)


class CampaignSerializer(serializers.ModelSerializer):
    leave = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    alternatives = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    sources = SourceBriefSerializer(many=True)

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "name",
            "demo",
            "description",
            "website",
            "leave",
            "alternatives",
            "weights",
            "languages",
            "theme",
            "sources",
        ]


# --- editable records: read shapes -------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    """Sources are read and written in the same shape; the key is fixed once created."""

    published = PartialDateField("published", required=False, allow_null=True)

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
            "status",
            "sources",
            "updated_at",
        ]


# --- editable records: write forms -------------------------------------------------------------


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
