"""Every invitation arrives exactly once, through a real SMTP server that first refuses."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from klynge.conftest import make_person
from klynge.meetings import services
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(flaky_smtp):
    return flaky_smtp(refuse=3)


def test_every_invitation_arrives_exactly_once(world, smtp):
    people = [make_person(f"Laege {n}", world.clinic_a1) for n in range(5)]
    meeting = make_meeting(world.cluster_a, days=30)
    services.invite(meeting, people, by=None)
    # A second click on "send" queues nothing more.
    services.invite(meeting, people, by=None)
    interval = timedelta(minutes=5)  # the worker runs every few minutes
    now = timezone.now()
    for attempt in range(6):
        with time_machine.travel(now + attempt * (interval + timedelta(seconds=1)), tick=True):
            call_command("send_due")
            call_command("send_due")
    assert smtp.refuse == 0, "the server did refuse the first attempts"
    recipients = sorted(rcpt for envelope in smtp.received for rcpt in envelope.rcpt_tos)
    assert recipients == sorted(p.email for p in people)
    assert all(b"text/calendar" in envelope.content for envelope in smtp.received)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
