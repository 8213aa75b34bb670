"""The catalog revision: one counter bumped by every write to public data.

ETags, Last-Modified and response caches key on it, so a publish invalidates them all at once.

Every public request reads it, so it is kept at two levels:
- each process remembers it for at most CATALOG_REVISION_MEMO_SECONDS (1 s by default). A bump
  in the same process forgets it at once; other processes see it within that second, which is
  far below the max-age=60 every public response already declares;
- with a shared cache (Redis: CACHE_URL or REDIS_URL) processes read it from there, written
  only with values read after a commit. Readers only `add` (never overwrite), so a reader that
  fetched the old number just before a bump cannot put it back.

Neither level is filled from a transaction that has bumped and not committed yet: that number
may be rolled back and then reused by the next bump, for other content.

Scopes (catalog.scopes) say which part of the catalog a bump changed: each touched scope
records the revision number of that bump (ScopeRevision). An answer made from an assistant's
evidence and the ranking's head is cached under those scopes' numbers, so a publish elsewhere
leaves it valid. Whatever no finer scope covers touches EVERYTHING, which every scoped answer
also names. Each process keeps a copy of every scope's number, valid while the catalog
revision it was read at is current (every scope change bumps the revision); when the revision
moves, the scopes touched since are read with it, in the one query that reads the revision.
"""
import time
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import CatalogRevision, ScopeRevision

REVISION_ID = 1
EVERYTHING = "*"
CACHE_KEY = "catalog-revision"
CACHE_SECONDS = 300

# (row, monotonic deadline) or None. One tuple, replaced whole: safe across threads.
_memo = None


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
    return _as_revision_row(*row)


def _as_revision_row(number, changed_at):
    if isinstance(changed_at, str):  # SQLite without the ORM's converters
        changed_at = datetime.fromisoformat(changed_at)
    if timezone.is_naive(changed_at):  # stored in UTC (USE_TZ)
        changed_at = timezone.make_aware(changed_at, dt_timezone.utc)
    return (number, changed_at)


def _after_commit():
    _forget_revision()
    if _shared_cache():
        # Overwrites any old number another reader fetched meanwhile.
        cache.set(CACHE_KEY, _from_database(), CACHE_SECONDS)


def _bump_pending():
    """True inside a transaction that bumped: its commit callback is still waiting.

    Django drops the callbacks of a rolled-back transaction or savepoint, so this follows
    rollbacks exactly.
    """
    return any(callback is _after_commit for _, callback, *_ in connection.run_on_commit)


def settled():
    """False inside a transaction that has changed the catalog: what it reads may still be
    rolled back, so nothing built from it may be kept under a revision number."""
    return not (connection.in_atomic_block and _bump_pending())


def forget():
    """Drop this process's remembered revision and scope numbers (tests, a replaced database)."""
    global _scope_memo
    _forget_revision()
    _scope_memo = (None, {})


def _forget_revision():
    # The scope numbers stay: the next read adds what was touched since (_sync_scopes).
    global _memo
    _memo = None


def _remembered():
    memo = _memo
    if memo is not None and time.monotonic() < memo[1]:
        return memo[0]
    return None


def _remember(row):
    global _memo
    seconds = settings.CATALOG_REVISION_MEMO_SECONDS
    if seconds > 0:
        _memo = (row, time.monotonic() + seconds)


def _read_shared():
    row = cache.get(CACHE_KEY)
    if row is None:
        row = _from_database()
        cache.add(CACHE_KEY, row, CACHE_SECONDS)
    return tuple(row)


def current():
    """(number, changed_at) of the catalog; creates the row on first use."""
    if connection.in_atomic_block and _bump_pending():
        return _from_database()  # this transaction's own number: share it with nobody
    row = _remembered()
    if row is None:
        row = _read_shared() if _shared_cache() else _from_database()
        _remember(row)
    return row


def bump(scopes=(EVERYTHING,)):
    """Count a write to public data; `scopes` are the parts of the catalog it changed
    (catalog.scopes; by default everything)."""
    updated = CatalogRevision.objects.filter(id=REVISION_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        CatalogRevision.objects.get_or_create(id=REVISION_ID)
    if scopes:
        touch(scopes, _from_database()[0])
    _forget_revision()
    if _shared_cache():
        cache.delete(CACHE_KEY)
    # Outside a transaction this runs at once.
    transaction.on_commit(_after_commit)


def stamp():
    """The revision number this transaction's changes are recorded under (catalog.changes).

    Bumps once per transaction, then reuses that number: the bump's row lock is held until
    commit, so the numbers are in commit order (an auto-increment id is not). Call it inside
    the transaction that writes.
    """
    if not _bump_pending():
        bump(scopes=())  # the write's own bump (catalog.signals) names what it changed
    return _from_database()[0]


# --- scopes --------------------------------------------------------------------------------

# (the catalog revision they were read at, {scope: number} of every scope ever touched);
# replaced whole. Kept in step by reading only the scopes touched since (_sync_scopes).
_scope_memo = (None, {})


def touch(scopes, number):
    """Record that `scopes` changed at revision `number` (inside the bumping transaction)."""
    rows = [ScopeRevision(scope=scope, number=number) for scope in sorted(set(scopes))]
    ScopeRevision.objects.bulk_create(rows, update_conflicts=True, unique_fields=["scope"], update_fields=["number"])


def _scope_rows(where, parameters):
    """The revision row and the scope rows matching `where`, read in one statement so that
    both come from the same committed state (and a scoped answer costs no query more than
    another: the revision comes with them)."""
    revisions = connection.ops.quote_name(CatalogRevision._meta.db_table)
    table = connection.ops.quote_name(ScopeRevision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, number, NULL FROM {table} WHERE {where} "
            f"UNION ALL SELECT NULL, number, changed_at FROM {revisions} WHERE id = %s",
            [*parameters, REVISION_ID],
        )
        rows = cursor.fetchall()
    revision_rows = [(number, changed_at) for scope, number, changed_at in rows if scope is None]
    row = _as_revision_row(*revision_rows[0]) if revision_rows else _from_database()
    return row, {scope: number for scope, number, _ in rows if scope is not None}


def _sync_scopes():
    """Bring this process's copy of the scope numbers up to the database's revision.

    Revisions commit in order (bump() holds the row until commit), so once revision R is
    visible every scope touched at R or before is too: the scopes touched after the copy's
    revision are all that can be missing. The first read takes them all.
    """
    global _scope_memo
    read_at, known = _scope_memo
    row, changed = _scope_rows("number > %s", [read_at if read_at is not None else -1])
    if read_at is not None and row[0] < read_at:  # the database was replaced (tests, restores)
        read_at, known = None, {}
        row, changed = _scope_rows("number > %s", [-1])
    _scope_memo = (row[0], {**known, **changed})
    _remember(row)
    return row


def scope_numbers(names):
    """The revision row (as current() gives it) and {scope: number} for `names` (0 for a
    scope never touched): the state an answer made from those scopes is cached under."""
    names = list(names)
    if connection.in_atomic_block and _bump_pending():
        row, numbers = _scope_rows("scope IN (" + ", ".join(["%s"] * len(names)) + ")", names)
        return row, {name: numbers.get(name, 0) for name in names}
    remembered = _remembered()
    read_at, known = _scope_memo
    # The copy is right while the revision is the one it was read at: every scope change bumps it.
    if remembered is None or read_at is None or read_at < remembered[0]:
        remembered = _sync_scopes()
        known = _scope_memo[1]
    return remembered, {name: known.get(name, 0) for name in names}
