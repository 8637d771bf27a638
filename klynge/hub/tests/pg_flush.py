"""PostgreSQL empties the test database with DELETE, not TRUNCATE.

A transactional test (live server, real workers) ends with Django's flush: on PostgreSQL one
TRUNCATE of every table, which gives each table and index new files and drops the old ones at
commit (some 8 s on a busy machine, for tables holding a few hundred rows). DELETE in one
transaction empties the same tables (the foreign keys are deferred to the commit, when all are
empty) and leaves the files alone. A flush that resets the sequences still truncates."""

from contextlib import contextmanager

import pytest


def _delete(original):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences,
                            allow_cascade=allow_cascade)  # fmt: skip
        quoted = [self.quote_name(table) for table in tables]
        return ["SET CONSTRAINTS ALL DEFERRED"] + [f"DELETE FROM {name}" for name in quoted]

    return sql_flush


@contextmanager
def delete_instead_of_truncate():
    from django.db.backends.postgresql.operations import DatabaseOperations

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", _delete(DatabaseOperations.sql_flush))
        yield


def end_other_sessions() -> None:
    """Before the test database is dropped: end the other sessions still on it. A live server's
    request thread keeps its connection while the browser's keep-alive socket is open and closes
    it only when it notices the socket closed, which can be after the run's last test; PostgreSQL
    then refuses to drop the database ("is being accessed by other users") and leaves it behind."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
