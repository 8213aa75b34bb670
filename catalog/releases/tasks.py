"""The release job, coalesced like the score recompute (catalog/scoring/tasks.py): every change
within RELEASE_DELAY_SECONDS makes one build, which reads the catalog as it then is."""
import logging

from celery import current_app
from django.conf import settings
from django.core.cache import cache

from catalog.jobs import job, schedule_coalesced
from catalog.releases.build import build_release as build

logger = logging.getLogger(__name__)

RELEASE_PENDING_KEY = "jobs:build-release-pending"


@job("build_release")
def build_release():
    """Build a release of the current revision unless it has one; returns its id."""
    cache.delete(RELEASE_PENDING_KEY)  # changes committed from now on schedule a new build
    release, built = build()
    if built:
        logger.info("release %s built (revision %s)", release.id, release.catalog_revision)
    return release.id


def schedule_release_build():
    """Enqueue one build for every change in the next RELEASE_DELAY_SECONDS.

    Without a broker (the embedded default runs jobs inline) nothing is scheduled: a build per
    edit would hold every save; `manage.py build_release` makes one there. Returns False when
    a build is already waiting (it will see this change too) or none was scheduled.
    """
    if current_app.conf.task_always_eager:
        return False
    return schedule_coalesced(
        build_release, RELEASE_PENDING_KEY, settings.RELEASE_DELAY_SECONDS, fallback="the beat's hourly run"
    )
