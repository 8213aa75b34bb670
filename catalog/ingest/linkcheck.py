"""Checking that the addresses our sources cite still answer.

HEAD first (cheap), GET when a server refuses HEAD; redirects followed up to MAX_REDIRECTS,
each hop checked like any outbound request (no private addresses). The result is stored on the
source: the final HTTP status (NULL with a check time = no answer at all), the address it
ended on, and when it was checked. Writes go through update(), so a check is not an
editorial change and leaves no history entry.
"""
import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from catalog import revision
from catalog.alerts import outbound
from catalog.models import Source

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 5
REDIRECT_CODES = (301, 302, 303, 307, 308)
# Servers that refuse or mishandle HEAD answer these; a GET tells the truth.
RETRY_WITH_GET = (400, 403, 404, 405, 501)


def probe(url):
    """(status or None, final url, error text) for one address."""
    current = url
    status = None
    for _ in range(MAX_REDIRECTS + 1):
        try:
            status, location = _ask(current)
        except (OSError, outbound.RefusedTarget) as error:
            return None, current, str(error)
        if status not in REDIRECT_CODES or not location:
            return status, current, ""
        current = urljoin(current, location)
    return status, current, f"more than {MAX_REDIRECTS} redirects"


def _ask(url):
    timeout = settings.LINK_CHECK_TIMEOUT_SECONDS
    response = outbound.request("HEAD", url, timeout=timeout, read_limit=0)
    if response.status in RETRY_WITH_GET:
        response = outbound.request("GET", url, timeout=timeout, read_limit=0)
    return response.status, response.headers.get("location")


def sources_due(now):
    """Ids of sources with an address, never checked or checked too long ago; oldest first."""
    cutoff = now - datetime.timedelta(days=settings.LINK_CHECK_MAX_AGE_DAYS)
    due = Source.objects.exclude(url="").filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))
    ordered = due.order_by(F("link_checked_at").asc(nulls_first=True), "id")
    return list(ordered.values_list("id", flat=True)[: settings.LINK_CHECK_BATCH])


def check_source(source_id):
    """Check one source's address and store the outcome; returns the status (None: no answer)."""
    source = Source.objects.filter(id=source_id).exclude(url="").only("id", "url", "link_status").first()
    if source is None:
        return None
    status, final_url, error = probe(source.url)
    if error:
        logger.info("source %s (%s): %s", source_id, source.url, error)
    Source.objects.filter(id=source_id).update(
        link_status=status,
        link_final_url=final_url if final_url != source.url and len(final_url) <= 600 else "",
        link_checked_at=timezone.now(),
    )
    if status != source.link_status:
        revision.bump()  # pages that flag dead links must not serve a cached copy
    return status
