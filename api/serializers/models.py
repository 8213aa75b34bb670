"""AI models: what each is, who makes and runs it, and (in its detail) its whole ledger."""
from rest_framework import serializers

from api.serializers.base import PartialDateField, VendorBriefSerializer
from api.serializers.editorial import DeprecationSerializer
from catalog.models import AIModel


class AIModelSerializer(serializers.ModelSerializer):
    vendor = VendorBriefSerializer()
    released = PartialDateField("released", read_only=True, allow_null=True)
    retired = PartialDateField("retired", read_only=True, allow_null=True)
    successor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    assistants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = AIModel
        fields = ["slug", "name", "vendor", "status", "released", "retired", "successor", "open_weights", "assistants"]


class AIModelDetailSerializer(AIModelSerializer):
    """The model plus its published deprecation events, oldest first (as things happened)."""

    deprecations = DeprecationSerializer(source="ledger", many=True, read_only=True)

    class Meta(AIModelSerializer.Meta):
        fields = [*AIModelSerializer.Meta.fields, "deprecations"]
