"""Reminders to those who have not answered, and the call list after the deadline."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from post_office.models import Email

from klynge.meetings import jobs, services
from klynge.meetings.models import Invitation
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=30)
    services.invite(meeting, members, by=None)
    services.record_answer(
        meeting.invitations.get(person=world.people["coordinator"]), Invitation.Answer.YES, by=None
    )
    meeting.refresh_from_db()
    return meeting


def reminders_to():
    return sorted(e.to[0] for e in Email.objects.filter(subject__startswith="Påmindelse"))


def test_reminders_follow_the_cluster_schedule_and_are_sent_once(world, called):
    deadline = called.answer_deadline
    with time_machine.travel(deadline - timedelta(days=8)):
        assert jobs.run_due(deadline - timedelta(days=8)) == 0
    first = deadline - timedelta(days=7, minutes=-1)
    assert jobs.run_due(first) == 3
    assert jobs.run_due(first) == 0, "running twice sends nothing twice"
    assert world.people["coordinator"].email not in reminders_to()
    services.record_answer(
        called.invitations.get(person=world.people["member"]),
        Invitation.Answer.NO,
        "Ferie",
        by=None,
    )
    second = deadline - timedelta(days=2, minutes=-1)
    assert jobs.run_due(second) == 2
    assert jobs.run_due(second) == 0
    assert reminders_to() == sorted(
        [world.people["board"].email] * 2
        + [world.people["member2"].email] * 2
        + [world.people["member"].email]
    )


def test_late_invitee_gets_no_stale_reminder(world, called):
    from klynge.conftest import make_person

    deadline = called.answer_deadline
    newcomer = make_person("Nina Ny", world.clinic_a2)
    with time_machine.travel(deadline - timedelta(days=5)):
        services.invite(called, [newcomer], by=None)
        jobs.run_due(deadline - timedelta(days=5))
    assert newcomer.email not in reminders_to()


def test_call_list_goes_to_the_coordinator_after_the_deadline(world, called):
    after = called.answer_deadline + timedelta(hours=1)
    assert jobs.run_due(after) == 1
    assert jobs.run_due(after) == 0
    mail = Email.objects.get(subject__startswith="Ringeliste")
    assert mail.to == [world.people["coordinator"].email]
    assert "3 har ikke svaret" in mail.subject
    assert f"/moeder/{called.pk}/ringeliste/" in mail.message


def test_send_due_runs_the_job_and_sends(world, called, mailoutbox):
    with time_machine.travel(called.answer_deadline - timedelta(days=6)):
        call_command("send_due")
        call_command("send_due")
    subjects = [m.subject for m in mailoutbox]
    assert sum(s.startswith("Invitation") for s in subjects) == 4
    assert sum(s.startswith("Påmindelse") for s in subjects) == 3
