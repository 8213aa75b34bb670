"""Ingest jobs: source link checks and deprecation feed imports."""
import logging

from django.conf import settings
from django.utils import timezone

from catalog.ingest import importing, linkcheck
from catalog.jobs import job

logger = logging.getLogger(__name__)


@job("check_source_links")
def check_source_links():
    """Periodic: queue a check of every source address not checked recently."""
    source_ids = linkcheck.sources_due(timezone.now())
    for source_id in source_ids:
        check_source_link.delay(source_id)
    return len(source_ids)


@job("check_source_link")
def check_source_link(source_id):
    return linkcheck.check_source(source_id)


@job("import_deprecation_feeds")
def import_deprecation_feeds():
    """Periodic when DEPRECATION_FEED_URLS is set: import each feed."""
    for url in settings.DEPRECATION_FEED_URLS:
        import_deprecation_feed.delay(url)


@job("import_deprecation_feed")
def import_deprecation_feed(url):
    """Fetch a JSON or CSV feed of deprecation events and import it (all or nothing)."""
    report = importing.import_feed(url)
    logger.info("imported %s: %s", url, report)
    return str(report)
