"""The catalog as it was published at a past moment: a read-only snapshot database.

Every editorial model keeps its history (django-simple-history), so the records as they were at
any moment are known. Rather than teach every read (pages, API, embeds, badges) about history,
the time machine builds, once per moment, a SQLite file with the catalog's schema holding:
- each tracked model's rows as they were (the last version at or before the moment; drafts and
  retracted rows keep the status they had, so the public filters hide them as they did then),
  with their many-to-many rows as recorded with that version;
- the untracked public tables the reads need (campaigns), copied as they are now;
- scores, bands and rankings recomputed there by today's method (catalog.scoring) from the
  records as they were.
Reads are then routed to it (config.db_router.SnapshotRouter) while `reading(snapshot)` is
active; history, corrections, subscriptions and accounts stay on the live database.

The state only changes when a record does, so a snapshot is named by the last change at or
before the moment asked: every moment between two changes shares one file, and its name is the
snapshot's ETag. Files are written to a temporary name and renamed, so a reader never opens a
half-built one; they are read-only once built and never change.
"""
import contextlib
import contextvars
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Bump when what a snapshot holds changes: older files are then never opened again.
SNAPSHOT_VERSION = "1"
ALIAS_PREFIX = "snapshot_"
# Untracked tables public reads need, copied as they are when the snapshot is built.
COPIED_AS_NOW = ("campaign", "campaignsuggestion")

_reading = contextvars.ContextVar("candor_snapshot_reading", default=None)
_building = contextvars.ContextVar("candor_snapshot_building", default=None)
_build_lock = threading.Lock()


@dataclass(frozen=True)
class Snapshot:
    """The catalog as published at `moment`: the state after the change at `published`
    (None: before the catalog's first record, an empty catalog)."""

    moment: datetime
    published: datetime | None

    @property
    def key(self):
        if self.published is None:
            return "empty"
        return self.published.astimezone(dt_timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")

    @property
    def alias(self):
        return f"{ALIAS_PREFIX}{self.key}"


# --- which models a snapshot holds ----------------------------------------------------------


def tracked_models():
    """The catalog models with history, in registration order."""
    return [
        model
        for model in apps.get_app_config("catalog").get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
    ]


def _history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def _historical_m2m(model):
    """{many-to-many field: its historical model} of a tracked model."""
    return {field: history for field, history in HistoricalRecords.m2m_models.items() if field.model is model}


def snapshot_models():
    """Every model whose rows a snapshot holds, auto-created through tables included."""
    models = [*tracked_models(), *(apps.get_model("catalog", name) for name in COPIED_AS_NOW)]
    throughs = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return models + throughs


def _snapshot_labels():
    return {model._meta.label_lower for model in snapshot_models()}


_labels = None


def holds(model):
    """True when reads of `model` go to the snapshot while one is active."""
    global _labels
    if _labels is None:
        _labels = _snapshot_labels()
    return model._meta.label_lower in _labels


# --- routing --------------------------------------------------------------------------------


def reading_alias(model):
    """The snapshot alias reads of `model` go to, or None (the live database)."""
    read = _reading.get()
    alias = _building.get() or (read.alias if read is not None else None)
    return alias if alias is not None and holds(model) else None


def writing_alias(model):
    """Only a snapshot being built is written to (its scores are recomputed there)."""
    alias = _building.get()
    return alias if alias is not None and holds(model) else None


def is_snapshot_alias(alias):
    return alias.startswith(ALIAS_PREFIX)


@contextlib.contextmanager
def reading(snapshot):
    """Route the catalog's reads to `snapshot` for the duration of the block."""
    token = _reading.set(snapshot)
    try:
        with _connected(snapshot.alias, _path(snapshot), read_only=True):
            yield snapshot
    finally:
        _reading.reset(token)


def moment_read():
    """The moment of the snapshot being read (None: the live catalog): countdowns count from it."""
    read = _reading.get()
    return read.moment if read is not None else None


# --- finding and building a snapshot --------------------------------------------------------


def _as_datetime(value):
    if isinstance(value, str):  # SQLite's raw cursor gives text
        value = datetime.fromisoformat(value)
    if value is not None and timezone.is_naive(value):  # stored in UTC (USE_TZ)
        value = timezone.make_aware(value, dt_timezone.utc)
    return value


def last_change_at_or_before(moment):
    """The last change to any tracked record at or before `moment` (None: nothing yet), in one
    query over every history table."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    tables = [_history_model(model)._meta.db_table for model in tracked_models()]
    parts = " UNION ALL ".join(
        f"SELECT MAX(history_date) AS changed FROM {quote(table)} WHERE history_date <= %s" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(changed) FROM ({parts}) AS changes", [moment] * len(tables))
        (changed,) = cursor.fetchone()
    return _as_datetime(changed)


def snapshot_for(moment):
    """The snapshot answering for `moment` (a past, aware datetime), built if need be."""
    snapshot = Snapshot(moment=moment, published=last_change_at_or_before(moment))
    path = _path(snapshot)
    if not path.exists():
        with _build_lock:
            if not path.exists():
                _build(snapshot, path)
    return snapshot


def _directory():
    directory = Path(settings.CANDOR_SNAPSHOT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _source_identity():
    # Two databases (a test run's, production's) never share a file even in one directory.
    live = connections[DEFAULT_DB_ALIAS].settings_dict
    where = "|".join(str(live.get(name) or "") for name in ("ENGINE", "NAME", "HOST", "PORT"))
    return hashlib.sha256(where.encode()).hexdigest()[:12]


def _path(snapshot):
    return _directory() / f"{_source_identity()}-{snapshot.key}-v{SNAPSHOT_VERSION}.sqlite3"


# alias -> [connection, blocks using it], in this thread.
_opened = threading.local()


@contextlib.contextmanager
def _connected(alias, path, *, read_only):
    """A connection to the snapshot file under `alias` for the block, in this thread only.

    Not declared in settings.DATABASES: opening a SQLite file is cheap, so each block opens its
    own and closes it at the end; nothing stays open, nothing needs evicting.
    """
    opened = getattr(_opened, "connections", None)
    if opened is None:
        opened = _opened.connections = {}
    if alias not in opened:
        name = f"file:{path}?mode=ro" if read_only else str(path)
        configured = connections.configure_settings(
            {DEFAULT_DB_ALIAS: {}, alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": name}}
        )[alias]
        wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
        connections[alias] = wrapper
        opened[alias] = [wrapper, 0]
    opened[alias][1] += 1
    try:
        yield connections[alias]
    finally:
        opened[alias][1] -= 1
        if not opened[alias][1]:
            wrapper, _ = opened.pop(alias)
            wrapper.close()
            del connections[alias]


def _build(snapshot, path):
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".sqlite3")
    os.close(fd)
    alias = f"{ALIAS_PREFIX}build_{os.getpid()}_{threading.get_ident()}"
    try:
        with _connected(alias, temporary, read_only=False) as target:
            with target.schema_editor() as editor:
                for model in snapshot_models():
                    if not model._meta.auto_created:  # create_model makes the through tables
                        editor.create_model(model)
            if snapshot.published is not None:
                with target.constraint_checks_disabled():
                    for model in tracked_models():
                        _copy_as_it_was(model, snapshot.published, alias)
                    for name in COPIED_AS_NOW:
                        _copy_as_now(apps.get_model("catalog", name), alias)
                token = _building.set(alias)
                try:
                    from catalog.scoring.scores import recompute_scores

                    recompute_scores()
                finally:
                    _building.reset(token)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _copy_as_it_was(model, moment, alias):
    """The last version of each row at or before `moment` (deleted rows left out), with the
    many-to-many rows recorded with that version."""
    history = _history_model(model)
    pk = model._meta.pk.attname
    kept = {field.attname for field in history._meta.concrete_fields}
    columns = [field.attname for field in model._meta.concrete_fields if field.attname in kept]
    latest = {}
    versions = (
        history.objects.using(DEFAULT_DB_ALIAS)
        .filter(history_date__lte=moment)
        .order_by(pk, "history_date", "history_id")
        .values_list("history_id", "history_type", *columns)
        .iterator(chunk_size=2000)
    )
    for history_id, history_type, *values in versions:
        latest[values[columns.index(pk)]] = (history_id, history_type, values)
    rows, versions_kept = [], set()
    for history_id, history_type, values in latest.values():
        if history_type == "-":
            continue
        rows.append(model(**dict(zip(columns, values))))
        versions_kept.add(history_id)
    model.objects.using(alias).bulk_create(rows, batch_size=500)
    for field, m2m_history in _historical_m2m(model).items():
        through = field.remote_field.through
        names = [f.attname for f in through._meta.concrete_fields if f.attname != through._meta.pk.attname]
        # Filtered here rather than with history_id IN (...): SQLite caps a query's parameters.
        links = (
            m2m_history.objects.using(DEFAULT_DB_ALIAS)
            .filter(history__history_date__lte=moment)
            .values_list("history_id", *names)
            .iterator(chunk_size=2000)
        )
        through.objects.using(alias).bulk_create(
            [through(**dict(zip(names, values))) for version, *values in links if version in versions_kept],
            batch_size=500,
        )


def _copy_as_now(model, alias):
    model.objects.using(alias).bulk_create(model.objects.using(DEFAULT_DB_ALIAS).all(), batch_size=500)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        through.objects.using(alias).bulk_create(through.objects.using(DEFAULT_DB_ALIAS).all(), batch_size=500)
