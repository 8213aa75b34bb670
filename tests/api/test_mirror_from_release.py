"""The whole mirror story (issue 20, "done when" 1 and 2 together): a client downloads the latest
release, verifies its checksum, then follows /api/v1/changes/ from the release's catalog revision
while editors keep writing, and ends with exactly the catalog a new release holds."""
import hashlib
import json

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from catalog.changes import KIND_OF
from catalog.models import Assessment, PoliticalTie, Source, Status, Vendor
from catalog.releases import kinds
from catalog.releases.build import build_release
from tests.api.test_changes import apply, follow
from tests.api.test_releases import fetch
from tests.support.releases import releases_root  # noqa: F401 (fixture)

# The release's kinds that the feed carries (campaigns keep no history).
FOLLOWED = {kind.name: (KIND_OF[kind.model], kind.key) for kind in kinds.KINDS if kind.model in KIND_OF}


def download_records(base):
    status, _, body = fetch(f"{base}/api/v1/releases/latest/")
    assert status == 200
    latest = json.loads(body)
    entry = next(f for f in latest["files"] if f["name"].endswith(f"{latest['id']}.json"))
    status, _, content = fetch(entry["url"])
    assert status == 200 and hashlib.sha256(content).hexdigest() == entry["sha256"]
    document = json.loads(content)
    assert document["catalog_revision"] == latest["catalog_revision"]
    return latest["catalog_revision"], {
        feed_kind: {str(row[key]): row for row in document["records"][name]}
        for name, (feed_kind, key) in FOLLOWED.items()
    }


def edit_the_catalog():
    """What editors do meanwhile: change a claim, retract one, publish a new one with a source."""
    with transaction.atomic():
        assessment = Assessment.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
        assessment.verdict = "Changed after the release (mirror test)."
        assessment.save()
    with transaction.atomic():
        tie = PoliticalTie.objects.filter(status=Status.PUBLISHED).order_by("key").first()
        tie.status = Status.RETRACTED
        tie.save()
    with transaction.atomic():
        source = Source.objects.order_by("key").first()
        new = PoliticalTie.objects.create(
            key="mirror-test-tie", vendor=Vendor.objects.get(slug="anthropic"), recipient="A test recipient",
            kind="donation", summary="Published after the release (mirror test).", confidence="reported",
            status=Status.PUBLISHED,
        )
        new.sources.add(source)
    return assessment, tie


@pytest.mark.django_db(transaction=True)
def test_a_release_plus_the_changes_since_its_revision_is_the_catalog_of_today(live_catalog, releases_root, live_server):
    build_release()
    since, mirror = download_records(live_server.url)
    assessment, retracted_tie = edit_the_catalog()

    entries, _ = follow(APIClient(), since)
    apply(mirror, entries)

    build_release()
    _, today = download_records(live_server.url)
    for kind in today:
        assert set(mirror[kind]) == set(today[kind]), kind
    assert mirror["assessment"][str(assessment.pk)]["verdict"] == "Changed after the release (mirror test)."
    assert retracted_tie.key not in mirror["political-tie"]
    assert "mirror-test-tie" in mirror["political-tie"]
