"""A copy of the test database as it stands once the real catalog is loaded, put back after a
transactional test has flushed it.

Loading the catalog from fixtures/ (versions, history, the change feed, scores) takes about
13 s; every test that needs a live server flushes the database when it ends, so each next
one paid that again (a third of the PostgreSQL run). Putting the rows back takes well under
a second and gives the same database, ids and history included. PostgreSQL copies each
table in its binary COPY format; SQLite copies the whole database with its backup API.
"""
import sqlite3

from django.db import connection

_copy = None


def keep():
    """Remember the database as it is now (just after the session loaded the catalog)."""
    global _copy
    _copy = _PostgresCopy() if connection.vendor == "postgresql" else _SQLiteCopy()


def put_back():
    """The database as `keep` saw it; False when there is no copy to put back."""
    if _copy is None:
        return False
    _copy.put_back()
    return True


def _tables():
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


class _PostgresCopy:
    def __init__(self):
        quote = connection.ops.quote_name
        self.tables = {}
        with connection.cursor() as cursor:
            for table in _tables():
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT binary)") as copy:
                    self.tables[quote(table)] = b"".join(bytes(block) for block in copy)

    def put_back(self):
        with connection.cursor() as cursor:
            # The rows go back table by table: foreign keys are checked by triggers, which
            # replica mode leaves off until every table is whole again.
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(f"TRUNCATE {', '.join(self.tables)}")
                for table, rows in self.tables.items():
                    with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                        copy.write(rows)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")


class _SQLiteCopy:
    def __init__(self):
        connection.ensure_connection()
        self.database = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(self.database)

    def put_back(self):
        connection.ensure_connection()
        self.database.backup(connection.connection)
