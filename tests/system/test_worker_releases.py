"""Releases built by a real Celery worker on Redis: many publishes make one build, of the
revision the catalog ended at."""
import re

import pytest
from django.db import transaction

from catalog.models import Assistant, CatalogRevision, Release
from catalog.revision import REVISION_ID
from tests.support import postgres_only
from tests.support.jobs import make_world, publish_assessment, wait_for
from tests.support.releases import releases_root  # noqa: F401 (fixture)
from tests.system.test_worker import WORKER_ENV, worker  # noqa: F401 (fixture)

pytestmark = [pytest.mark.services, postgres_only]


def test_a_burst_of_publishes_makes_one_release_of_the_last_revision(releases_root, settings, monkeypatch, worker):
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower(), "set REDIS_URL: the worker shares the cache"
    settings.RELEASE_DELAY_SECONDS = 6
    monkeypatch.setitem(WORKER_ENV, "CANDOR_RELEASES_ROOT", str(releases_root))
    world = make_world()
    with transaction.atomic():  # a published record and its source commit together
        assessment = publish_assessment(world)
    for value in ("never", "always", "opt_out"):
        assessment.value = value
        assessment.save()
    worker.start()
    release = wait_for(lambda: Release.objects.first(), timeout=60, what="the release")
    # The worker's score recompute (sooner: SCORE_RECOMPUTE_DELAY_SECONDS) is a change too;
    # the one build came after it, so it holds the revision the catalog settled at.
    assert release.catalog_revision == CatalogRevision.objects.get(id=REVISION_ID).number
    assert release.manifest["counts"]["assistants"] == Assistant.objects.count()
    assert (releases_root / release.id / "SHA256SUMS").exists()
    # One message for the whole burst. The tests' worker hands out again a message held longer
    # than its 3 s visibility timeout (a 6 s countdown can be), so the same message may arrive
    # twice (at-least-once delivery); the build is idempotent: still one release.
    runs = set(re.findall(r"Task catalog\.tasks\.build_release\[([-0-9a-f]+)\] received", worker.output()))
    assert len(runs) == 1, worker.output()
    assert Release.objects.count() == 1
