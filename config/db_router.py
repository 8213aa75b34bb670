"""Send reads to a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL).

Public traffic is nearly all reads of data that changes a few times a day, so a replica
takes the load; writes, migrations and anything inside a write transaction stay on the
primary. An editor may see their own write a moment late on a lagging replica: the API's
write responses come from the primary, which is what editors act on.
"""
from django.db import transaction

from catalog import timemachine

PRIMARY = "default"
REPLICA = "replica"


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary, read from it too (read-your-writes).
        if transaction.get_connection(PRIMARY).in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class SnapshotRouter:
    """Reads under ?as_of= go to the snapshot of the catalog as it was (catalog.timemachine);
    a snapshot is written only while it is built. Anything else falls through to the next
    router (the replica) or the default database."""

    def db_for_read(self, model, **hints):
        return timemachine.reading_alias(model)

    def db_for_write(self, model, **hints):
        return timemachine.writing_alias(model)

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Snapshots get their tables from the models' schema, never from migrations.
        return False if timemachine.is_snapshot_alias(db) else None
