"""Releases: the list (newest first), one release with its manifest (`latest` names the newest),
and its files, downloaded resumably (edge/downloads.py).

Releases are not catalog reads: a build adds one without bumping the catalog revision, so these
answers are not keyed on it; they may be kept a minute, the files a year (they never change).
"""
import hashlib
import logging

from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from api.serializers.releases import ReleaseDetailSerializer, ReleaseSerializer
from api.views.base import CatalogViewMixin
from catalog.models import Release
from catalog.releases.build import storage
from edge.downloads import file_download
from edge.handlers import api_error
from edge.parameters import NotFound, ParameterError

RELEASE_PATTERN = r"latest|\d{4}-\d{2}-\d{2}-r\d+"
LATEST = "latest"
# Written beside the dumps; not in the manifest's file list (the manifest cannot hold its own checksum).
EXTRA_FILES = {"manifest.json": "application/json", "SHA256SUMS": "text/plain; charset=utf-8",
               "LICENSE.txt": "text/plain; charset=utf-8"}

logger = logging.getLogger(__name__)


@extend_schema_view(
    list=extend_schema(summary="Releases: versioned full dumps of the published catalog, newest first"),
    retrieve=extend_schema(
        summary="One release with its manifest (`latest`: the newest)",
        description="Files in JSON (with a JSON Schema), CSV (zip, with a data dictionary) and SQLite, each "
        "with its size and SHA-256; `catalog_revision` is the revision of the data (pass it as `?since=` to "
        "the change feed). Data under CC BY 4.0 (`licence`).",
    ),
)
class ReleaseViewSet(CatalogViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Release.objects.order_by("-created_at", "-catalog_revision")
    serializer_class = ReleaseSerializer
    lookup_value_regex = RELEASE_PATTERN
    csv_actions = ()

    def get_serializer_class(self):
        return ReleaseDetailSerializer if self.action == "retrieve" else ReleaseSerializer

    def get_object(self):
        wanted = self.kwargs["pk"]
        release = self.get_queryset().first() if wanted == LATEST else self.get_queryset().filter(pk=wanted).first()
        if release is None:
            raise NotFound("id", f"no release {wanted}", "an id listed at /api/v1/releases/, or latest")
        return release

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = "public, max-age=60"
        return response


@require_safe
def release_file(request, release, name):
    """GET/HEAD of one file of a release: 200, 206 for a Range, 304, 416."""
    if request.GET:
        return api_error(ParameterError.many([
            ParameterError(parameter, f"{parameter} is not a parameter of this address", [], code="unknown_parameter")
            for parameter in request.GET
        ]))
    found = Release.objects.filter(pk=release).first()
    if found is None:
        return api_error(NotFound("release", f"no release {release}", "an id listed at /api/v1/releases/"))
    entry = found.file(name)
    path = f"{found.id}/{name}"
    if (entry is not None or name in EXTRA_FILES) and not storage().exists(path):
        # Recorded but not in storage (lost, or a storage misconfigured): say so, never a 500.
        logger.error("release %s: file %s is missing from the releases storage", found.id, name)
        return api_error(NotFound("name", f"release {found.id}'s file {name} is not available now", []))
    if entry is not None:
        size, digest, content_type = entry["size"], entry["sha256"], entry["media_type"]
    elif name in EXTRA_FILES:
        with storage().open(path, "rb") as handle:
            content = handle.read()
        size, digest, content_type = len(content), hashlib.sha256(content).hexdigest(), EXTRA_FILES[name]
    else:
        accepted = [f["name"] for f in found.files] + list(EXTRA_FILES)
        return api_error(NotFound("name", f"release {found.id} has no file {name}", accepted))
    return file_download(
        request, lambda: storage().open(path, "rb"), size=size, etag=f'"{digest}"', modified=found.created_at,
        content_type=content_type, filename=name,
    )


__all__ = ["ReleaseViewSet", "release_file"]
