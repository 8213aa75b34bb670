"""Releases: a list row and the detail with its manifest."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from catalog.models import Release


class LicenceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="SPDX identifier, e.g. CC-BY-4.0.")
    name = serializers.CharField()
    url = serializers.URLField()
    attribution = serializers.CharField(help_text="How to credit the data.")
    quotations = serializers.CharField(help_text="Quotations from sources stay their authors'.")


class ReleaseFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    format = serializers.ChoiceField(["json", "schema", "csv", "sqlite"])
    media_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    sha256 = serializers.CharField(help_text="Hex SHA-256 of the file, also its ETag.")
    url = serializers.SerializerMethodField(help_text="Download address (resumable: Range, ETag).")

    def get_url(self, entry) -> str:
        release = self.context["release"]
        return reverse("api:release-file", args=[release.id, entry["name"]], request=self.context.get("request"))


class ReleaseSerializer(serializers.ModelSerializer):
    licence = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField(help_text="Records per kind.")
    files = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="api:release-detail")

    class Meta:
        model = Release
        fields = ["id", "url", "catalog_revision", "created_at", "licence", "counts", "files"]

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, release):
        return release.manifest["licence"]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"}})
    def get_counts(self, release):
        return release.manifest["counts"]

    @extend_schema_field(ReleaseFileSerializer(many=True))
    def get_files(self, release):
        context = {**self.context, "release": release}
        return ReleaseFileSerializer(release.files, many=True, context=context).data


class ReleaseDetailSerializer(ReleaseSerializer):
    manifest = serializers.JSONField(help_text="manifest.json as stored beside the files.")
    manifest_url = serializers.SerializerMethodField()
    checksums_url = serializers.SerializerMethodField(help_text="SHA256SUMS, for `sha256sum -c`.")

    class Meta(ReleaseSerializer.Meta):
        fields = [*ReleaseSerializer.Meta.fields, "manifest", "manifest_url", "checksums_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_manifest_url(self, release):
        return reverse("api:release-file", args=[release.id, "manifest.json"], request=self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_checksums_url(self, release):
        return reverse("api:release-file", args=[release.id, "SHA256SUMS"], request=self.context.get("request"))
