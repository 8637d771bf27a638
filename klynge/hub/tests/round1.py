"""Makes the round-1 databases that hub/tests/test_migrate_forward.py migrates forward.

A database made by the first round's `manage.py demo`: the real migrations of that round (Klynge's
apps at their round-1 leaves, third-party apps at their head when the snapshot is made), then that
demo's own `dumpdata` (data/demo-round1.json.gz) loaded through the models as they were then. It
is kept as an SQL dump per engine (data/demo-round1.<vendor>.sql.gz): running those migrations
takes as long as migrating forward does, and the round-1 database never changes. Made again with

    DEBUG=1 uv run python -m klynge.hub.tests.round1                          (SQLite)
    DEBUG=1 DATABASE_URL=postgres://... uv run python -m klynge.hub.tests.round1  (PostgreSQL)

(the PostgreSQL one with pg_dump from the server's own version)."""

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).parent / "data"
JSON_DUMP = DATA / "demo-round1.json.gz"

# The leaf migrations of Klynge's apps when the dump was made (round 1, commit 96b1545).
ROUND_1 = [
    ("accounts", "0002_initial"),
    ("clusters", "0003_reference_data"),
    ("mail", "0002_lease"),
    ("meetings", "0002_historicalinvitation_attendance_version_and_more"),
    ("members", "0002_historicaldataconsent_historicalfollowup_and_more"),
    ("money", "0001_initial"),
    ("year", "0002_report_sections"),
]


def sql_dump(vendor: str) -> Path:
    return DATA / f"demo-round1.{vendor}.sql.gz"


def restore(database) -> None:
    """Fill an empty database with the round-1 database of its engine."""
    sql = gzip.decompress(sql_dump(database.vendor).read_bytes()).decode()
    database.ensure_connection()
    if database.vendor == "sqlite":
        # The dump goes table by table in name order: a row may come before the table it points
        # to exists, so the foreign keys are checked once it is all in.
        database.connection.executescript(f"PRAGMA foreign_keys=OFF;\n{sql}")
        database.connection.execute("PRAGMA foreign_keys=ON")
        assert not database.connection.execute("PRAGMA foreign_key_check").fetchall()
    else:
        with database.cursor() as cursor:
            cursor.execute(sql)
    # pg_dump's script empties the search path for its session: start a fresh one.
    database.close()


def build(database) -> None:
    """Migrate an empty database to round 1 and load the round-1 demo into it."""
    from django.apps import apps
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(database)
    ours = {app for app, _name in ROUND_1}
    # Third-party apps at their head; Klynge apps made after round 1 come with migrating forward.
    others = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in ours and not apps.get_app_config(node[0]).name.startswith("klynge.")
    ]
    executor.migrate(ROUND_1 + others)
    executor.loader.build_graph()
    old_apps = executor.loader.project_state(ROUND_1 + others).apps
    load_json(database, old_apps)
    content_types = old_apps.get_model("contenttypes", "ContentType").objects
    content_types.using(database.alias).create(app_label="members", model="person")


def load_json(database, state_apps) -> None:
    """Insert the dump's rows with the historical models, replacing what the tables hold."""
    from django.db import transaction

    objects = json.loads(gzip.decompress(JSON_DUMP.read_bytes()))
    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj["model"]].append(obj)
    with transaction.atomic(using=database.alias), database.cursor() as cursor:
        for label in by_model:
            table = state_apps.get_model(label)._meta.db_table
            cursor.execute(f"DELETE FROM {database.ops.quote_name(table)}")  # noqa: S608
        for label, rows in by_model.items():
            model = state_apps.get_model(label)
            instances, links = [], []
            for row in rows:
                values = {model._meta.pk.attname: row["pk"]}
                for name, value in row["fields"].items():
                    field = model._meta.get_field(name)
                    if field.many_to_many:
                        links += [(field, row["pk"], other) for other in value]
                    else:
                        values[field.attname] = (
                            field.to_python(value) if value is not None else None
                        )
                instances.append(model(**values))
            model.objects.using(database.alias).bulk_create(instances)
            for field, pk, other in links:
                through = field.remote_field.through
                columns = [f.attname for f in through._meta.fields if f.is_relation]
                values = dict(zip(columns, (pk, other), strict=True))
                through.objects.using(database.alias).create(**values)


def main() -> None:
    """Build the round-1 database in a scratch database and write its SQL dump."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    django.setup()
    from django.db import connection, connections

    settings = dict(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    with tempfile.TemporaryDirectory() as folder:
        settings["NAME"] = (
            f"{settings['NAME']}_round1" if postgres else str(Path(folder) / "round1.sqlite3")
        )
        if postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
        connections.settings["round1"] = settings
        database = connections["round1"]
        build(database)
        database.close()
        if postgres:
            sql = subprocess.run(
                ["pg_dump", "--inserts", "--no-owner", "--no-privileges",
                 "-h", settings["HOST"], "-p", str(settings["PORT"] or 5432),
                 "-U", settings["USER"], settings["NAME"]],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            # psql's own commands (\restrict) are no SQL: the dump is run through a cursor.
            sql = "".join(line for line in sql.splitlines(True) if not line.startswith("\\"))
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{settings["NAME"]}"')
        else:
            with sqlite3.connect(settings["NAME"]) as raw:
                sql = "\n".join(raw.iterdump()) + "\n"
    sql_dump(connection.vendor).write_bytes(gzip.compress(sql.encode(), mtime=0))
    print(f"wrote {sql_dump(connection.vendor)}", file=sys.stderr)


if __name__ == "__main__":
    main()
