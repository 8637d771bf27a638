"""The access log's rows as `log_access` writes them (plain values, not model instances): every
column, the time in UTC, hostile names kept as text, and many people in one look-up."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klynge.clusters.accesslog import log_access
from klynge.clusters.models import AccessLog, Person

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night summer time begins in Copenhagen


@time_machine.travel(NOW, tick=False)
def test_every_column_is_written_and_read_back(world, rf):
    request = rf.get("/klynger/a/medlemmer/?q=" + "x" * 600)
    request.user = world.users["coordinator"]
    member = world.people["member"]
    hostile = Person.objects.create(name="=HYPERLINK(\"x\"); DROP TABLE x; -- '<b>Åse</b>'")
    assert log_access(request, "search", "Medlemsliste", [member, hostile], world.cluster_a) == 2
    rows = AccessLog.objects.order_by("pk")
    assert [row.subject for row in rows] == [member, hostile]
    assert [row.subject_label for row in rows] == [member.name, hostile.name]
    for row in rows:
        assert row.at == NOW and row.actor == world.users["coordinator"]
        assert (row.actor_label, row.action, row.cluster) == (
            "coordinator@example.dk",
            "search",
            world.cluster_a,
        )
        assert row.purpose == "Medlemsliste" and row.path == request.get_full_path()[:500]
        assert len(row.path) == 500


def test_a_search_that_shows_no_one_is_one_row_without_a_subject(world, rf):
    request = rf.get("/x")
    request.user = world.users["secretariat_kiap"]
    assert log_access(request, "search", "Søgning", []) == 1
    row = AccessLog.objects.get()
    assert (row.subject, row.subject_label, row.cluster, row.actor_label) == (
        None,
        "",
        None,
        world.users["secretariat_kiap"].email,
    )


def test_an_anonymous_look_up_is_logged_as_anonymous(world, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/svar/abc/")
    request.user = AnonymousUser()
    log_access(request, "view", "Svarside", [world.people["member"]])
    row = AccessLog.objects.get()
    assert row.actor is None and row.actor_label == "anonym"


def test_many_people_at_once_are_all_written_in_few_statements(world, rf):
    request = rf.get("/x")
    request.user = world.users["coordinator"]
    people = Person.objects.bulk_create(Person(name=f"Person {n:03}") for n in range(400))
    with CaptureQueriesContext(connection) as captured:
        assert log_access(request, "export", "Eksport", people, world.cluster_a) == 400
    assert len(captured) <= 4  # PostgreSQL: one; SQLite: 400 rows of 9 values, 999 values a time
    assert sorted(AccessLog.objects.values_list("subject_label", flat=True)) == [
        f"Person {n:03}" for n in range(400)
    ]
