"""The catalog revision: one counter bumped by every write to public data.

ETags, Last-Modified and response caches key on it, so a publish invalidates them all at once.

Every public request reads it, so with a shared cache (Redis: CACHE_URL or REDIS_URL) it is
read from there. The cache is written only with values read after a commit, and readers
only `add` (never overwrite), so a reader that fetched the old number just before a bump
cannot put it back. A process-local cache cannot see other processes' bumps, so without a
shared cache every read goes to the database.
"""
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import CatalogRevision

REVISION_ID = 1
CACHE_KEY = "catalog-revision"
CACHE_SECONDS = 300


def _shared_cache():
    return bool(getattr(settings, "CACHE_URL", None))


def _from_database():
    # Every public request runs this: plain SQL costs a quarter of the ORM's query building.
    table = connection.ops.quote_name(CatalogRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at FROM {table} WHERE id = %s", [REVISION_ID])
        row = cursor.fetchone()
    if row is None:
        revision, _ = CatalogRevision.objects.get_or_create(id=REVISION_ID)
        return (revision.number, revision.changed_at)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite without the ORM's converters
        changed_at = datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):  # stored in UTC (USE_TZ)
        changed_at = timezone.make_aware(changed_at, dt_timezone.utc)
    return (number, changed_at)


def current():
    """(number, changed_at) of the catalog; creates the row on first use."""
    if not _shared_cache():
        return _from_database()
    row = cache.get(CACHE_KEY)
    if row is None:
        row = _from_database()
        cache.add(CACHE_KEY, row, CACHE_SECONDS)
    return tuple(row)


def _publish_to_cache():
    cache.set(CACHE_KEY, _from_database(), CACHE_SECONDS)


def bump():
    updated = CatalogRevision.objects.filter(id=REVISION_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogRevision.objects.get_or_create(id=REVISION_ID)
    if _shared_cache():
        # Forget now (readers in this transaction see the new number), publish after commit
        # (overwrites any old number another reader fetched meanwhile).
        cache.delete(CACHE_KEY)
        transaction.on_commit(_publish_to_cache)
