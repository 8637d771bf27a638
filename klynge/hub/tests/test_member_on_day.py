"""One rule for "member on day D", across every list, count and recipient list (issue 10.2).

On 27.11.2026 the coordinator ends clinic A2's membership "udmeldt pr. 31.12.2026": its last day
is 31.12.2026, so `left` is 01.01.2027 (joined <= D < left, clusters.models.membership_on). Pages
use today: the clinic is listed, counted and shown "udmeldt pr. 31.12.2026" until then and gone
from 01.01.2027. Meeting mail uses the meeting's date: a December 2026 meeting reaches its people,
a February 2027 meeting does not.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from klynge.clusters.models import Clinic, Person, Post
from klynge.conftest import make_clinic, make_person

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
NEW_YEAR = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
LAST_DAY = date(2026, 12, 31)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coordinator(world, login):
    return login(world.users["coordinator"])


@pytest.fixture
def later(world, login, today):
    """Move the clock and log in again (the session does not outlive a jump in time)."""

    def move(moment, user="coordinator"):
        today.move_to(moment)
        return login(world.users[user])

    return move


@pytest.fixture
def leaving(world, coordinator):
    """Clinic A2 (Morten Andenklinik works there) leaves with 31.12.2026 as its last day."""
    response = coordinator.post(
        reverse("members:end_membership", args=[world.cluster_a.slug, world.clinic_a2.pk]),
        {"left": "31.12.2026", "reason": "left"},
    )
    assert response.status_code == 302
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    assert membership.left == date(2027, 1, 1) and membership.last_day == LAST_DAY
    return membership


def members_url(world, **query):
    url = reverse("members:list", args=[world.cluster_a.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- Pages use today


def test_the_member_list_shows_a_leaving_clinic_until_its_last_day(world, coordinator, leaving):
    page = coordinator.get(members_url(world)).content.decode()
    assert world.clinic_a2.name in page and "udmeldt pr. 31.12.2026" in page
    assert "2 klinikker" in page and '<span class="badge">Ophørt' not in page
    assert world.people["member2"].name in page
    ended = coordinator.get(members_url(world, status="ended")).content.decode()
    assert world.clinic_a2.name not in ended
    active = coordinator.get(members_url(world, status="active")).content.decode()
    assert world.clinic_a2.name in active


def test_the_member_list_drops_it_on_the_first_day_out(world, leaving, later):
    coordinator = later(datetime(2026, 12, 31, 22, 59, tzinfo=UTC))  # 31.12 23:59 in Copenhagen
    assert world.clinic_a2.name in coordinator.get(members_url(world)).content.decode()
    coordinator = later(datetime(2026, 12, 31, 23, 0, tzinfo=UTC))  # 01.01.2027 00:00
    page = coordinator.get(members_url(world)).content.decode()
    assert world.clinic_a2.name not in page and "1 klinik" in page
    ended = coordinator.get(members_url(world, status="ended")).content.decode()
    assert world.clinic_a2.name in ended and "udmeldt pr. 31.12.2026" in ended


def test_the_clinic_page_says_member_until_the_last_day(world, coordinator, leaving, later):
    url = reverse("members:clinic", args=[world.cluster_a.slug, world.clinic_a2.pk])
    page = coordinator.get(url).content.decode()
    assert "Ikke medlem" not in page and "Aktiv" in page
    assert "udmeldt pr. 31.12.2026" in page
    page = later(NEW_YEAR).get(url).content.decode()
    assert "Ikke medlem" in page and "31.12.2026" in page  # the history: udmeldt 31.12.2026


def test_the_cluster_page_counts_it_until_its_last_day(world, coordinator, leaving, later):
    url = reverse("clusters:detail", args=[world.cluster_a.slug])
    page = coordinator.get(url).content.decode()
    assert "<dd>2</dd>" in page  # clinics
    assert "2 aktive klinikker" in page  # the members' panel
    page = later(NEW_YEAR).get(url).content.decode()
    assert "<dd>1</dd>" in page and "1 aktiv klinik" in page


def test_the_secretariat_counts_it_until_its_last_day(world, login, leaving, later):
    page = login(world.users["secretariat_kiap"]).get(reverse("secretariat:home")).content
    assert '<td class="klynge-num">2</td>' in page.decode()
    page = later(NEW_YEAR, "secretariat_kiap").get(reverse("secretariat:home")).content
    assert '<td class="klynge-num">1</td>' in page.decode()


def test_the_public_directory_shows_a_coordinator_to_their_clinics_last_day(
    world, client, leaving, today
):
    Post.objects.create(
        cluster=world.cluster_a,
        person=world.people["member2"],
        kind=Post.Kind.COORDINATOR,
        start=date(2020, 1, 1),
        directory_consent=True,
    )
    name = world.people["member2"].name
    assert name in client.get(reverse("clusters:directory")).content.decode()
    today.move_to(NEW_YEAR)
    assert name not in client.get(reverse("clusters:directory")).content.decode()


@pytest.mark.parametrize("clinics", [3, 24])
def test_the_member_list_with_leavers_uses_constant_queries(
    clinics, world, coordinator, leaving, django_assert_num_queries
):
    for index in range(clinics - 2):
        clinic = make_clinic(world.cluster_a)
        make_person(f"Læge {index}", clinic)
        if index % 2:
            membership = clinic.memberships.get()
            membership.left = date(2027, 1, 1)
            membership.save()
    with django_assert_num_queries(11):
        page = coordinator.get(members_url(world)).content.decode()
    assert f"{clinics} klinikker" in page
    assert page.count("udmeldt pr. 31.12.2026") == 1 + (clinics - 2) // 2


def test_one_rule_in_the_querysets(world, leaving):
    cluster = world.cluster_a
    assert Clinic.objects.active_in(cluster, LAST_DAY).filter(pk=world.clinic_a2.pk).exists()
    assert not Clinic.objects.active_in(cluster, date(2027, 1, 1)).filter(pk=world.clinic_a2.pk)
    member2 = world.people["member2"]
    assert member2 in Person.objects.members_of(cluster, LAST_DAY)
    assert member2 not in Person.objects.members_of(cluster, date(2027, 1, 1))
    assert leaving.holds_on(LAST_DAY) and not leaving.holds_on(date(2027, 1, 1))
