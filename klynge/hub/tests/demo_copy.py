"""The demo for end-to-end tests, loaded once per test run and copied into each test's database.

`manage.py demo` takes some 13 s of CPU, and a live-server test flushes the database when it ends.
The first test of the run (in whichever xdist worker) loads the demo and writes every row of every
table to a file next to the workers' temporary folders; each later test, in any worker, empties
its database and writes the same rows back (the same primary keys, no signals, no `auto_now`), in
well under a second. On SQLite a live-server test (outside a transaction) gets the database file
itself, written back with SQLite's backup API (about a second of CPU less than the rows). Files the demo stores (receipts,
attachments) stay in the media folder the workers share.
"""

import fcntl
import os
import pickle
import re
import sqlite3
from contextlib import closing
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

LOGIN = re.compile(r"\s(\S+@example\.dk)\s*$", flags=re.MULTILINE)


def _models() -> list:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows() -> dict:
    rows = {}
    for model in _models():
        names = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label] = (names, list(model._base_manager.values_list(*names)))
    return rows


def _write_back(rows: dict) -> None:
    """Empty every table and insert the rows as they were (raw: no signals, no auto_now)."""
    models = _models()
    tables = connection.introspection.django_table_names(only_existing=True)
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(sql)
        for model in models:
            names, values = rows.get(model._meta.label, ([], []))
            if not values:
                continue
            by_name = {field.attname: field for field in model._meta.concrete_fields}
            fields = [by_name[name] for name in names]
            objs = [model.from_db("default", names, row) for row in values]
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            for start in range(0, len(objs), size):
                model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    ContentType.objects.clear_cache()


def load_demo(folder: Path) -> list[str]:
    """Load the demo into the test database (a copy after the first time); its log-in e-mails.

    The copy is kept as rows, and on SQLite also as a database file. A test outside a transaction
    (a live server's) gets the file written over the test database with SQLite's backup API; a
    test inside one (the `db` fixture's, rolled back when it ends) gets the rows inserted, so
    that the rollback takes them away again (a backup cannot run inside a transaction)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = folder.parent  # shared by the workers of this run
    saved = folder / f"demo-{connection.vendor}.pickle"
    with open(folder / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if saved.exists():
            logins, rows, file = pickle.loads(saved.read_bytes())  # noqa: S301 (written by this run)
            if file and not connection.in_atomic_block:
                connection.ensure_connection()
                with closing(sqlite3.connect(file)) as copy:
                    copy.backup(connection.connection)  # the test database, replaced
                ContentType.objects.clear_cache()
            else:
                _write_back(rows)
            return logins
        out = StringIO()
        call_command("demo", stdout=out)
        logins = LOGIN.findall(out.getvalue())
        file = None
        if connection.vendor == "sqlite" and not connection.in_atomic_block:  # all committed
            file = str(folder / "demo.sqlite3")
            with closing(sqlite3.connect(file)) as copy:
                connection.connection.backup(copy)
        saved.write_bytes(pickle.dumps((logins, _rows(), file)))
        return logins
