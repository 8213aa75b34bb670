"""The reference lists: vendors, criteria, campaigns."""
from rest_framework import serializers

from api.serializers.base import SourceBriefSerializer
from catalog import rubric
from catalog.models import (
    Campaign,
    Criterion,
    Vendor,
)


class VendorSerializer(serializers.ModelSerializer):
    assistants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    sources = SourceBriefSerializer(many=True)
    data_storage_countries = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 3166-1 alpha-2 codes, as sources state; empty when unknown."
    )
    data_storage_sources = SourceBriefSerializer(many=True, help_text="The sources for data_storage.")

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
            "data_storage",
            "data_storage_countries",
            "data_storage_sources",
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
