"""A database made by the first round's `manage.py demo` migrates to today's head without losing a
row. The data is that demo's own `dumpdata`, loaded through the models as they were then."""

import gzip
import json
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from klynge.clusters.models import ClusterMembership, Person

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

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets=None):
    """Migrate to the given nodes, or to the head of every app."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


def load_dump(state_apps) -> None:
    """Insert the dump's rows with the historical models, replacing what the tables hold."""
    objects = json.loads(gzip.decompress(DUMP.read_bytes()))
    by_model = defaultdict(list)
    for obj in objects:
        by_model[obj["model"]].append(obj)
    with transaction.atomic(), connection.cursor() as cursor:
        for label in by_model:
            table = state_apps.get_model(label)._meta.db_table
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
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
            model.objects.bulk_create(instances)
            for field, pk, other in links:
                through = field.remote_field.through
                columns = [f.attname for f in through._meta.fields if f.is_relation]
                through.objects.create(**dict(zip(columns, (pk, other), strict=True)))


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def test_round_1_demo_database_migrates_forward_without_losing_a_row():
    executor = migrate(ROUND_1)
    ours = {app for app, _name in ROUND_1}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ours]
    load_dump(executor.loader.project_state(ROUND_1 + others).apps)
    before = row_counts()
    assert before["members_person"] == 117 and before["members_historicalperson"] == 124

    executor = migrate()
    after = row_counts()

    lost = {
        t: (n, after.get(t))
        for t, n in before.items()
        if t != "django_migrations" and after.get(t) != n
    }
    assert lost == {}
    # The moved models read the same rows, with their history, through today's code.
    assert Person.objects.count() == 117
    assert Person.history.count() == 124
    assert ClusterMembership.objects.filter(cluster__slug="roskilde").count() > 20
