"""The meeting's life as one state machine, guarded by time: what belongs to the day of the
meeting is refused before it begins (and changes nothing), and works once it has begun; a meeting
held earlier can be recorded after the fact."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from post_office.models import Email

from klynge.conftest import make_person
from klynge.meetings import lifecycle, rules, services
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting
from klynge.money import services as money
from klynge.money.models import Claim
from klynge.money.tests.factories import claim as make_claim
from klynge.money.tests.factories import line

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
NOT_STARTED = "Mødet er ikke begyndt endnu. Var det holdt tidligere, så ret datoen først."
START = datetime(2027, 2, 9, 17, 0, tzinfo=CPH)
TODAY = datetime(2026, 11, 27, 12, 0, tzinfo=CPH)
P, C, H, X, Z = rules.PLANNING, rules.CALLED, rules.HELD, rules.CLOSED, rules.CANCELLED


@pytest.mark.parametrize(
    ("current", "target", "start", "refused"),
    [
        (P, C, START, None),
        (P, C, None, rules.NO_TIME),
        (C, H, START, rules.NOT_STARTED),
        (C, H, TODAY - timedelta(days=1), None),
        (P, H, TODAY - timedelta(days=30), None),  # recorded after the fact
        (C, H, None, rules.NO_TIME),
        (H, X, START, rules.NOT_STARTED),
        (H, X, TODAY, None),  # the very minute it begins
        (P, X, TODAY - timedelta(hours=1), None),
        (H, C, START, None),  # "held" by mistake, undone
        (C, Z, START, None),
        (H, Z, TODAY - timedelta(days=1), rules.NOT_ALLOWED),
        (X, Z, TODAY - timedelta(days=1), rules.NOT_ALLOWED),
        (Z, H, TODAY - timedelta(days=1), rules.NOT_ALLOWED),
        (Z, C, START, rules.NOT_ALLOWED),
        (P, "nonsense", START, rules.NOT_ALLOWED),
    ],
)
def test_the_steps_of_a_meetings_life(current, target, start, refused):
    assert rules.refusal(current, target, start, TODAY) == refused


@pytest.fixture
def future(world, members, rules):
    """Today is 27.11.2026; the meeting is on 09.02.2027, called, with four invited."""
    with time_machine.travel(TODAY, tick=False):
        meeting = services.create_meeting(
            world.cluster_a,
            title="Februarmøde",
            start=START,
            end=START + timedelta(hours=3),
            by=None,
        )
        services.invite(meeting, members, by=None)
        meeting.refresh_from_db()
        yield meeting


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.cluster.slug, meeting.pk, *args])


def attendance_of(meeting):
    return sorted(meeting.invitations.values_list("person_id", "attendance", "attendance_version"))


def test_attendance_before_the_meeting_is_refused_and_changes_nothing(login, world, future):
    client = login(world.users["coordinator"])
    page = client.get(url("attendance", future))
    assert NOT_STARTED in page.text and 'name="attendance"' not in page.text
    before = attendance_of(future)
    invitation = future.invitations.get(person=world.people["member"])
    response = client.post(
        url("attendance_row", future, invitation.pk),
        {"attendance": "present", "version": "0"},
        follow=True,
    )
    assert NOT_STARTED in response.text
    htmx = client.post(
        url("attendance_row", future, invitation.pk),
        {"attendance": "present", "version": "0"},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 409 and NOT_STARTED in htmx.text
    walker = make_person("Wilma Walk-in", world.clinic_a2)
    response = client.post(url("walk_in", future), {"person": walker.pk}, follow=True)
    assert NOT_STARTED in response.text
    response = client.post(url("fill_absent", future), follow=True)
    assert NOT_STARTED in response.text
    assert attendance_of(future) == before
    future.refresh_from_db()
    assert future.status == Meeting.Status.CALLED
    assert not future.invitations.filter(person=walker).exists()


def test_attendance_works_once_the_meeting_has_begun(login, world, future):
    invitation = future.invitations.get(person=world.people["member"])
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        client = login(world.users["coordinator"])
        client.post(url("attendance_row", future, invitation.pk), {"attendance": "present"})
        client.post(url("fill_absent", future))
    invitation.refresh_from_db()
    future.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.PRESENT
    assert future.status == Meeting.Status.HELD
    assert not future.invitations.filter(attendance=Invitation.Attendance.UNKNOWN).exists()


@pytest.mark.parametrize("target", ["held", "closed"])
def test_held_and_closed_are_refused_before_the_meeting(login, world, future, target):
    client = login(world.users["coordinator"])
    response = client.post(url("set_status", future), {"status": target}, follow=True)
    assert NOT_STARTED in response.text
    future.refresh_from_db()
    assert future.status == Meeting.Status.CALLED
    assert "Markér som afholdt" not in client.get(url("detail", future)).text


def test_minutes_and_attendance_list_wait_for_the_meeting(login, world, future):
    client = login(world.users["coordinator"])
    mails = Email.objects.count()
    assert NOT_STARTED in client.get(url("minutes", future)).text
    response = client.post(url("send_minutes", future), follow=True)
    assert NOT_STARTED in response.text
    # Marked held earlier by mistake (before the guard): the list still waits for the day.
    Meeting.objects.filter(pk=future.pk).update(status=Meeting.Status.HELD)
    response = client.post(url("send_attendance_list", future), follow=True)
    assert NOT_STARTED in response.text
    future.refresh_from_db()
    assert future.minutes_sent_at is None and future.attendance_list_sent_at is None
    assert Email.objects.count() == mails
    with time_machine.travel(START + timedelta(hours=4), tick=False):
        client = login(world.users["coordinator"])
        client.post(url("send_minutes", future))
        client.post(url("send_attendance_list", future))
    future.refresh_from_db()
    assert future.minutes_sent_at is not None and future.attendance_list_sent_at is not None


def test_a_claim_waits_for_the_meeting(login, world, future):
    Meeting.objects.filter(pk=future.pk).update(status=Meeting.Status.HELD)
    client = login(world.users["coordinator"])
    response = client.post(reverse("money:claim_new", args=["klynge-a"]), {"meeting": future.pk})
    assert response.status_code == 200 and NOT_STARTED in response.text
    assert not Claim.objects.exists()
    future.refresh_from_db()
    claim = make_claim(world.cluster_a, future, user=world.users["coordinator"])
    line(claim, "catering", "1200.00")
    with pytest.raises(ValidationError, match="ikke begyndt"):
        money.submit(claim, by=world.users["coordinator"])
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_a_meeting_held_earlier_is_recorded_after_the_fact(login, world, members, rules):
    meeting = make_meeting(world.cluster_a, days=-20, title="Glemt møde")
    client = login(world.users["coordinator"])
    assert "Markér som afholdt" in client.get(url("detail", meeting)).text
    client.post(url("walk_in", meeting), {"person": world.people["member"].pk})
    client.post(url("set_status", meeting), {"status": "held"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.invitations.get().attendance == Invitation.Attendance.PRESENT
    assert lifecycle.meeting_has_started(meeting)
    # A held meeting is not cancelled; its history names who marked it held.
    response = client.post(url("cancel", meeting), {"reason": "Fejl"}, follow=True)
    assert "kan ikke ændres sådan" in response.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.history.first().history_actor == world.users["coordinator"].email


def test_move_refuses_and_says_why(world, future):
    with pytest.raises(lifecycle.Refused) as refused:
        lifecycle.move(future, Meeting.Status.HELD, by=world.users["coordinator"])
    assert str(refused.value) == NOT_STARTED
    assert not lifecycle.meeting_has_started(future)
    assert lifecycle.meeting_has_started(future, now=START)
