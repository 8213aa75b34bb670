"""/data/: the open data (releases), its licence and how to verify a download.

Releases are added without bumping the catalog revision, so this page is not kept in the
revision-keyed response cache; it carries the pages' Cache-Control (edge.conditional).
"""
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalog.models import Release
from catalog.releases.licence import ATTRIBUTION, DATA_LICENCE, QUOTATIONS_TEXT
from edge.conditional import with_policy

OLDER_SHOWN = 50


@require_safe
@with_policy("page")
def data_page(request):
    releases = list(Release.objects.order_by("-created_at", "-catalog_revision")[: OLDER_SHOWN + 1])
    latest = releases[0] if releases else None
    return render(
        request,
        "catalog/data.html",
        {
            "latest": latest,
            "older": releases[1:],
            "licence": DATA_LICENCE,
            "attribution": ATTRIBUTION.format(release=latest.id if latest else "…"),
            "quotations": QUOTATIONS_TEXT,
        },
    )


__all__ = ["data_page"]
