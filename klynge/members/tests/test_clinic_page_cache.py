"""The clinic page reads its lists from the cache (members/lookups.py: clinic_parts): every table
they read is watched, a change through the services shows at once, and the access log is still
written on every request."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from klynge.clusters.derived import WATCHED
from klynge.clusters.logmodels import AccessLog
from klynge.clusters.models import ClinicAffiliation, ClusterMembership, Person, Post
from klynge.clusters.tests.reads import models_read
from klynge.lib import derived
from klynge.members import services
from klynge.members.lookups import clinic_parts
from klynge.members.models import (
    FollowUp,
    LeaveNotice,
    ListedPatients,
    MembershipEvent,
    SelfServiceLink,
)

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def coordinator_at_now(world, login):
    with time_machine.travel(NOW, tick=False):
        yield login(world.users["coordinator"])


def page(client, world):
    url = reverse("members:clinic", args=[world.cluster_a.slug, world.clinic_a1.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.context


def test_every_table_the_clinic_page_caches_is_watched(world):
    derived._local.clear()
    cache.clear()
    with models_read() as read:
        clinic_parts(world.cluster_a, world.clinic_a1.pk, NOW.date())
    inputs = {ClinicAffiliation, Person, FollowUp, ListedPatients, SelfServiceLink, Post}
    assert inputs | {MembershipEvent, LeaveNotice} <= read
    assert read <= set(WATCHED), sorted(model.__name__ for model in read - set(WATCHED))


def membership(world):
    return ClusterMembership.objects.get(cluster=world.cluster_a, clinic=world.clinic_a1)


def a_person(world, by):
    data = {"name": "Nina Ny", "email": "nina.ny@example.dk"}
    services.add_person(world.clinic_a1, data, "employed", date(2026, 1, 1), by=by)


def in_doubt(world, by):
    services.mark_in_doubt(membership(world), "Ingen svar", date(2026, 12, 31), by=by)


def listed(world, by):
    services.set_listed_patients(world.clinic_a1, 2026, 1234, by=by)


def a_link(world, by):
    services.create_self_service_link(world.cluster_a, world.clinic_a1, "k@example.dk", by=by)


def ended(world, by):
    services.end_membership(membership(world), date(2027, 3, 31), "left", "", by=by)


def a_longer_serving_coordinator(world, by):
    """The notice names the longest-serving coordinator (the user stays one too)."""
    person = Person.objects.create(name="Nanna Nykoordinator", email="nanna@example.dk")
    Post.objects.create(
        cluster=world.cluster_a, person=person, kind="coordinator", start=date(2019, 1, 1)
    )


@pytest.mark.parametrize(
    ("write", "figure", "change"),
    [
        (a_person, lambda c: [a.person.name for a in c["active"]], "Nina Ny"),
        (in_doubt, lambda c: [task.note for task in c["follow_ups"]], "Ingen svar"),
        (in_doubt, lambda c: [event.note for event in c["events"]], "Ingen svar"),
        (listed, lambda c: [row.count for row in c["listed"]], 1234),
        (a_link, lambda c: [link.sent_to for link in c["links"]], "k@example.dk"),
        (ended, lambda c: [notice.status for notice in c["notices"]], LeaveNotice.Status.DRAFT),
        (ended, lambda c: [event.kind for event in c["events"]], MembershipEvent.Kind.ENDED),
        (a_longer_serving_coordinator, lambda c: c["end"]["body"].split(), "nanna@example.dk"),
    ],
    ids=[
        "person",
        "follow-up",
        "event",
        "listed patients",
        "link",
        "leave notice",
        "ended event",
        "coordinator",
    ],
)
def test_a_change_shows_at_once(world, coordinator_at_now, write, figure, change):
    assert change not in figure(page(coordinator_at_now, world))
    write(world, world.users["coordinator"])
    assert change in figure(page(coordinator_at_now, world))


def test_a_revoked_link_shows_at_once(world, coordinator_at_now):
    by = world.users["coordinator"]
    a_link(world, by)
    [link] = page(coordinator_at_now, world)["links"]
    assert link.is_valid
    services.revoke_link(SelfServiceLink.objects.get(), by=by)
    [link] = page(coordinator_at_now, world)["links"]
    assert not link.is_valid


def test_each_request_writes_the_access_log(world, coordinator_at_now):
    """The people come from the cache, their look-up is logged all the same."""
    people = set(
        ClinicAffiliation.objects.filter(clinic=world.clinic_a1).values_list("person", flat=True)
    )
    for seen in (1, 2):
        page(coordinator_at_now, world)
        logged = AccessLog.objects.filter(purpose="Klinikside", cluster=world.cluster_a)
        assert sorted(logged.values_list("subject_id", flat=True)) == sorted(list(people) * seen)


def test_the_change_log_asks_only_for_the_names_it_lacks(
    world, coordinator_at_now, django_assert_num_queries
):
    """The names of the clinic's people come with its cached people; a person no longer in it
    is asked for. Session, user, cluster, person, roles, the clinic with its memberships, the
    token, the access log; affiliation history, person history (+ the missing names)."""
    page(coordinator_at_now, world)
    with django_assert_num_queries(10):
        changes = page(coordinator_at_now, world)["changes"]
    assert "Mette Medlem" in [row.what for row in changes]
    ClinicAffiliation.objects.get(person=world.people["member"], clinic=world.clinic_a1).delete()
    page(coordinator_at_now, world)  # the cached parts made again
    with django_assert_num_queries(11):
        changes = page(coordinator_at_now, world)["changes"]
    assert [row.what for row in changes if row.kind == "-"] == ["Mette Medlem"]
