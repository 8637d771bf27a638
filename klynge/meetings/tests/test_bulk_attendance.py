"""Attendance in bulk: "Alle der meldte ja, er mødt", then only the exceptions; only once the
meeting has begun; the count follows each tap."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from klynge.meetings import services
from klynge.meetings.models import Invitation
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

NOT_STARTED = "Mødet er ikke begyndt endnu. Var det holdt tidligere, så ret datoen først."


@pytest.fixture
def meeting(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=3)
    services.invite(meeting, members, by=None)
    by_key = {inv.person_id: inv for inv in meeting.invitations.all()}
    answers = {"coordinator": "yes", "board": "yes", "member": "no", "member2": "yes"}
    for key, answer in answers.items():
        invitation = by_key[world.people[key].pk]
        services.record_answer(invitation, answer, by=None)
    # One who said yes is already registered as absent: the bulk step leaves them be.
    Invitation.objects.filter(meeting=meeting, person=world.people["member2"]).update(
        attendance=Invitation.Attendance.ABSENT
    )
    return meeting


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.cluster.slug, meeting.pk, *args])


def attendance(meeting, world):
    rows = meeting.invitations.values_list("person_id", "attendance")
    names = {person.pk: key for key, person in world.people.items()}
    return {names[pk]: value for pk, value in rows}


def test_all_who_said_yes_before_the_meeting_is_refused(login, world, meeting):
    client = login(world.users["coordinator"])
    assert "Alle der meldte ja, er mødt" not in client.get(url("attendance", meeting)).text
    before = attendance(meeting, world)
    response = client.post(url("attendance_yes", meeting), follow=True)
    assert NOT_STARTED in response.text
    assert attendance(meeting, world) == before


def test_all_who_said_yes_then_the_exceptions(login, world, meeting):
    with time_machine.travel(meeting.start + timedelta(minutes=10), tick=False):
        client = login(world.users["coordinator"])
        page = client.get(url("attendance", meeting))
        assert "Alle der meldte ja, er mødt" in page.text
        assert "2 personer sættes til stede" in page.text
        response = client.post(url("attendance_yes", meeting), follow=True)
        assert "2, der meldte ja, er sat til stede" in response.text
        assert attendance(meeting, world) == {
            "coordinator": "present",
            "board": "present",
            "member": "unknown",
            "member2": "absent",
        }
        # Then the exception: the board member did not come after all. The count follows.
        board = meeting.invitations.get(person=world.people["board"])
        row = client.post(
            url("attendance_row", meeting, board.pk),
            {"attendance": "absent", "version": str(board.attendance_version)},
            headers={"HX-Request": "true"},
        )
        assert 'id="attendance-counts"' in row.text and 'hx-swap-oob="true"' in row.text
        assert "1 til stede · 0 afbud · 2 udeblevet · 1 ikke registreret" in row.text
        # Pressing again changes nothing more.
        client.post(url("attendance_yes", meeting))
    assert attendance(meeting, world)["board"] == "absent"
    history = meeting.invitations.get(person=world.people["coordinator"]).history.first()
    assert history.history_actor == world.users["coordinator"].email


def test_only_those_who_run_the_meeting_may(login, world, meeting):
    with time_machine.travel(meeting.start + timedelta(minutes=10), tick=False):
        response = login(world.users["member"]).post(url("attendance_yes", meeting))
    assert response.status_code == 403
    assert attendance(meeting, world)["coordinator"] == "unknown"
