"""The release job, coalesced like the score recompute (catalog/scoring/tasks.py): every change
within RELEASE_DELAY_SECONDS makes one build, which reads the catalog as it then is."""
import logging

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from kombu.exceptions import OperationalError

from catalog.jobs import job
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
    delay = settings.RELEASE_DELAY_SECONDS
    if not cache.add(RELEASE_PENDING_KEY, True, timeout=delay + 60):
        return False
    try:
        build_release.apply_async(countdown=delay)
    except OperationalError:
        cache.delete(RELEASE_PENDING_KEY)
        logger.exception("could not enqueue the release build; the beat's hourly run will do it")
        return False
    return True
