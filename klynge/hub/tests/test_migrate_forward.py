"""A database made by the first round's `manage.py demo` migrates to today's head without losing a
row. The data is that demo's own `dumpdata`, loaded through the models as they were then.

The suite's own test database is made from the models (--no-migrations, for speed); this test
makes a database of its own on the same engine and runs the real migrations on it."""

import gzip
import json
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

DUMP = Path(__file__).parent / "data" / "demo-round1.json.gz"

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

SCRATCH = "migrations_check"


@contextmanager
def scratch_database(tmp_path):
    """An empty database of its own, on the engine the suite runs on."""
    settings = dict(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    if postgres:
        settings["NAME"] = f"{settings['NAME']}_migrations"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    else:
        settings["NAME"] = str(tmp_path / "migrations.sqlite3")
    connections.settings[SCRATCH] = settings
    try:
        yield connections[SCRATCH]
    finally:
        connections[SCRATCH].close()
        del connections[SCRATCH]
        del connections.settings[SCRATCH]
        if postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')


def migrate(database, targets=None):
    """Migrate to the given nodes, or to the head of every app."""
    executor = MigrationExecutor(database)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


def load_dump(database, state_apps) -> None:
    """Insert the dump's rows with the historical models, replacing what the tables hold."""
    objects = json.loads(gzip.decompress(DUMP.read_bytes()))
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


def row_counts(database) -> dict[str, int]:
    with database.cursor() as cursor:
        counts = {}
        for table in database.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {database.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def test_round_1_demo_database_migrates_forward_without_losing_a_row(
    tmp_path, settings, django_db_setup, django_db_blocker
):
    # Not a django_db test: it uses no test database, only the one it makes, and the real
    # migrations (the suite runs with --no-migrations).
    settings.MIGRATION_MODULES = {}
    with django_db_blocker.unblock(), scratch_database(tmp_path) as database:
        executor = MigrationExecutor(database)
        ours = {app for app, _name in ROUND_1}
        # Third-party apps at their head; Klynge apps made after round 1 come with the final migrate.
        others = [
            node
            for node in executor.loader.graph.leaf_nodes()
            if node[0] not in ours and not apps.get_app_config(node[0]).name.startswith("klynge.")
        ]
        executor = migrate(database, ROUND_1 + others)
        old_apps = executor.loader.project_state(ROUND_1 + others).apps
        load_dump(database, old_apps)
        content_types = old_apps.get_model("contenttypes", "ContentType").objects
        content_types.using(database.alias).create(app_label="members", model="person")
        before = row_counts(database)
        assert before["members_person"] == 117 and before["members_historicalperson"] == 124

        migrate(database)
        after = row_counts(database)
        lost = {
            table: (count, after.get(table))
            for table, count in before.items()
            if table != "django_migrations" and after.get(table) != count
        }
        assert lost == {}
        # The moved models read the same rows, with their history, through today's models.
        with database.cursor() as cursor:
            cursor.execute("SELECT app_label FROM django_content_type WHERE model = 'person'")
            assert cursor.fetchall() == [("clusters",)]
        state = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
        person = state.get_model("clusters", "Person")
        assert person._meta.db_table == "members_person"
        assert person.objects.using(database.alias).count() == 117
