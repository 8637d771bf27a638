"""A database made by the first round's `manage.py demo` migrates to today's head without losing a
row. The round-1 database is kept as an SQL dump per engine, made by the round-1 migrations and
that demo's own `dumpdata` (hub/tests/round1.py says how, and makes it again).

The suite's own test database is made from the models (--no-migrations, for speed); this test
makes a database of its own on the same engine and runs the real migrations on it."""

from contextlib import contextmanager

from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from klynge.hub.tests import round1

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


def row_counts(database) -> dict[str, int]:
    with database.cursor() as cursor:
        counts = {}
        for table in database.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {database.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def test_round_1_demo_database_migrates_forward_without_losing_a_row(
    tmp_path, settings, django_db_blocker
):
    # Not a django_db test: it uses no test database (so it runs alone too), only the one it
    # makes, and the real migrations (the suite runs with --no-migrations).
    settings.MIGRATION_MODULES = {}
    with django_db_blocker.unblock(), scratch_database(tmp_path) as database:
        round1.restore(database)
        before = row_counts(database)
        assert before["members_person"] == 117 and before["members_historicalperson"] == 124
        # The database stands where round 1 left it: every later Klynge migration is still to run.
        executor = MigrationExecutor(database)
        applied = set(executor.loader.applied_migrations)
        klynge_applied = {node for node in applied if node[0] in {a for a, _n in round1.ROUND_1}}
        assert set(round1.ROUND_1) <= klynge_applied
        assert ("clusters", "0004_people_move_to_core") not in applied
        assert ("desk", "0001_initial") not in applied

        executor.migrate(executor.loader.graph.leaf_nodes())
        executor.loader.build_graph()
        assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
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
