"""One rule for "member on day D", across every list, count and recipient list (issue 10.2).

On 27.11.2026 the coordinator ends clinic A2's membership "udmeldt pr. 31.12.2026": its last day
is 31.12.2026, so `left` is 01.01.2027 (joined <= D < left, clusters.models.membership_on). Pages
use today: the clinic is listed, counted and shown "udmeldt pr. 31.12.2026" until then and gone
from 01.01.2027. Meeting mail uses the meeting's date: a December 2026 meeting reaches its people,
a February 2027 meeting does not.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from klynge.clusters.models import Clinic, Person, Post
from klynge.conftest import make_clinic, make_person
from klynge.mail.models import Dispatch
from klynge.meetings import jobs as meeting_jobs
from klynge.meetings import services as meetings
from klynge.meetings.models import Invitation, Meeting
from klynge.year import jobs as year_jobs
from klynge.year import services as year

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
NEW_YEAR = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
LAST_DAY = date(2026, 12, 31)
DECEMBER = datetime(2026, 12, 17, 16, 0, tzinfo=UTC)  # 17:00 in Copenhagen
FEBRUARY = datetime(2027, 2, 9, 16, 0, tzinfo=UTC)


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
    with django_assert_num_queries(10):
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


# --- Meeting mail uses the meeting's date


def mailed(template, person) -> bool:
    return Dispatch.objects.filter(template=template, recipient=person.email).exists()


def meeting_at(world, start, status=Meeting.Status.PLANNING):
    return meetings.create_meeting(
        world.cluster_a,
        title="Klyngemøde",
        start=start,
        end=start + timedelta(hours=3),
        status=status,
        by=None,
    )


def everyone(world):
    return [world.people[k] for k in ("coordinator", "board", "member", "member2")]


def local_input(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_date_poll_asks_whoever_is_a_member_on_a_proposed_day(world, coordinator, leaving):
    member2, member = world.people["member2"], world.people["member"]
    winter = meetings.create_meeting(world.cluster_a, title="Vintermøde", by=None)
    url = reverse("meetings:poll", args=[world.cluster_a.slug, winter.pk])
    options = {"duration": "3", "option_1": local_input(DECEMBER)}
    options["option_2"] = local_input(FEBRUARY)
    assert coordinator.post(url, options).status_code == 302
    assert member2 in winter.poll.people.all() and mailed("meetings/poll", member2)
    february = winter.poll.options.get(start=FEBRUARY)
    choose = reverse("meetings:poll_choose", args=[world.cluster_a.slug, winter.pk])
    coordinator.post(choose, {"option": february.pk})
    assert mailed("meetings/poll_chosen", member) and not mailed("meetings/poll_chosen", member2)
    spring = meetings.create_meeting(world.cluster_a, title="Forårsmøde", by=None)
    url = reverse("meetings:poll", args=[world.cluster_a.slug, spring.pk])
    options = {"duration": "3", "option_1": local_input(FEBRUARY)}
    options["option_2"] = local_input(FEBRUARY + timedelta(days=7))
    coordinator.post(url, options)
    assert member in spring.poll.people.all() and member2 not in spring.poll.people.all()


def test_the_invitation_offers_the_members_on_the_meetings_day(world, coordinator, leaving):
    member2 = world.people["member2"]
    for start, offered in ((DECEMBER, True), (FEBRUARY, False)):
        meeting = meeting_at(world, start)
        url = reverse("meetings:invite", args=[world.cluster_a.slug, meeting.pk])
        page = coordinator.get(url).content.decode()
        assert (member2.name in page) is offered
        response = coordinator.post(url, {"people": [member2.pk]})
        assert meeting.invitations.filter(person=member2).exists() is offered, response


def test_materials_minutes_and_changes_go_to_members_on_the_meetings_day(world, leaving):
    member2, member = world.people["member2"], world.people["member"]
    december = meeting_at(world, DECEMBER)
    meetings.invite(december, everyone(world), by=None)
    meetings.send_materials(december, by=None)
    assert mailed("meetings/invitation", member2) and mailed("meetings/materials", member2)
    Dispatch.objects.all().delete()
    # The December meeting moves to February: the clinic that leaves is not reached any more.
    december.start, december.end = FEBRUARY, FEBRUARY + timedelta(hours=3)
    meetings.meeting_changed(december, by=None)
    meetings.send_materials(december, by=None)
    # Minutes are sent after the meeting (the meeting's life refuses them before it begins).
    with time_machine.travel(FEBRUARY + timedelta(hours=4), tick=False):
        meetings.send_minutes(december, b"%PDF-1.4 referat", by=None)
    for template in ("meetings/updated", "meetings/materials", "meetings/minutes"):
        assert mailed(template, member), template
        assert not mailed(template, member2), template


def test_reminders_go_to_members_on_the_meetings_day(world, leaving, today):
    member2, member = world.people["member2"], world.people["member"]
    december, february = meeting_at(world, DECEMBER), meeting_at(world, FEBRUARY)
    for meeting in (december, february):
        meetings.invite(meeting, everyone(world), by=None)
    Dispatch.objects.all().delete()
    for meeting in (december, february):
        meeting.refresh_from_db()
        moment = meeting.answer_deadline - timedelta(days=1)
        today.move_to(moment)
        meeting_jobs.run_due(moment)
    reminders = Dispatch.objects.filter(template="meetings/reminder")
    assert reminders.filter(recipient=member2.email).count() == 1  # December only
    assert reminders.filter(recipient=member.email).count() == 2


# --- The general assembly and the year


def assembly_on(world, start):
    return year.create_assembly(
        world.cluster_a,
        start=start,
        venue="Roskilde Kongres",
        address="Møllehusvej 15",
        proposals_deadline=start.date() - timedelta(days=21),
        by=None,
    )


def test_assembly_notices_go_to_members_on_the_assembly_day(world, leaving):
    member2, member = world.people["member2"], world.people["member"]
    december = assembly_on(world, DECEMBER)
    year.send_preliminary(december, by=None)
    assert mailed("year_assembly_preliminary", member2)
    Dispatch.objects.all().delete()
    march = assembly_on(world, datetime(2027, 3, 16, 16, 0, tzinfo=UTC))
    year.send_preliminary(march, by=None)
    year.send_final(march, by=None)
    for template in ("year_assembly_preliminary", "year_assembly_final"):
        assert mailed(template, member) and not mailed(template, member2), template
    assert not march.meeting.invitations.filter(person=member2).exists()
    assert member2 not in year.members_to_notify(world.cluster_a, march.day)  # the minutes


def test_the_digest_reaches_post_holders_while_they_are_members(world, leaving, later):
    Post.objects.create(
        cluster=world.cluster_a,
        person=world.people["member2"],
        kind=Post.Kind.BOARD,
        start=date(2020, 1, 1),
    )
    monday = datetime(2027, 1, 25, 9, 0, tzinfo=UTC)  # the 2026 status report is due soon
    later(monday)
    assert year_jobs.digests(monday.date()) > 0
    assert mailed("year_digest", world.people["board"])
    assert not mailed("year_digest", world.people["member2"])


def test_the_absence_rule_lists_members_only(world, leaving, later):
    from klynge.meetings.absence import absence_records

    held = meeting_at(world, DECEMBER - timedelta(days=30), status=Meeting.Status.HELD)
    for person in everyone(world):
        Invitation.objects.create(
            meeting=held, person=person, attendance=Invitation.Attendance.ABSENT
        )
    member2 = world.people["member2"]
    assert member2 in [row.person for row in absence_records(world.cluster_a, 2026)]
    later(NEW_YEAR)
    assert member2 in [row.person for row in absence_records(world.cluster_a, 2026)]
    held.start = datetime(2027, 1, 2, 16, 0, tzinfo=UTC)
    held.save()
    assert member2 not in [row.person for row in absence_records(world.cluster_a, 2027)]


def test_the_january_check_and_consents_use_the_day(world, coordinator, leaving, later):
    from klynge.members.consent import missing_consents

    url = reverse("members:january", args=[world.cluster_a.slug])
    page = coordinator.get(url + "?aar=2027").content.decode()
    assert world.clinic_a2.ydernummer not in page  # the 2027 list, checked early
    assert world.clinic_a1.ydernummer in page
    page = coordinator.get(url + "?aar=2026").content.decode()
    assert world.clinic_a2.ydernummer in page
    member2 = world.people["member2"]
    assert member2 in missing_consents(world.cluster_a, LAST_DAY)
    assert member2 not in missing_consents(world.cluster_a, date(2027, 1, 1))
    consents = reverse("members:consents", args=[world.cluster_a.slug])
    assert member2.name in coordinator.get(consents).content.decode()
    assert member2.name not in later(NEW_YEAR).get(consents).content.decode()


def test_the_status_report_counts_a_december_meeting_with_the_leaving_clinic(world, leaving):
    from klynge.year.report import compute

    december = meeting_at(world, DECEMBER, status=Meeting.Status.CALLED)
    meetings.invite(december, everyone(world), by=None)
    december.status = Meeting.Status.HELD
    december.save()
    invitation = december.invitations.get(person=world.people["member2"])
    assert invitation.clinic_id == world.clinic_a2.pk  # its clinic on the meeting's day
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.save()
    figures = compute(world.cluster_a, 2026)
    assert [m["invited"] for m in figures["meetings"]] == [4]
    assert any(world.clinic_a2.ydernummer in row["name"] for row in figures["clinics"])


@pytest.mark.parametrize("people", [2, 20])
def test_the_absence_page_uses_constant_queries(
    people, world, coordinator, leaving, django_assert_num_queries
):
    held = meeting_at(world, DECEMBER - timedelta(days=30), status=Meeting.Status.HELD)
    for index in range(people):
        person = make_person(f"Læge {index}", world.clinic_a1 if index % 2 else world.clinic_a2)
        Invitation.objects.create(
            meeting=held, person=person, attendance=Invitation.Attendance.ABSENT
        )
    url = reverse("meetings:absence", args=[world.cluster_a.slug]) + "?aar=2026"
    with django_assert_num_queries(9):
        page = coordinator.get(url).content.decode()
    assert page.count("Læge ") == people
