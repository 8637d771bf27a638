"""Every invitation arrives exactly once, through a real SMTP server that first refuses."""

import socket
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from klynge.conftest import make_person
from klynge.meetings import services
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


class FlakyServer:
    """Answers '451 try later' to the first `refuse` messages, then accepts and keeps them."""

    def __init__(self, refuse: int):
        self.refuse = refuse
        self.received: list[tuple[str, bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try later"
        for rcpt in envelope.rcpt_tos:
            self.received.append((rcpt, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = FlakyServer(refuse=3)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        **django_settings.MAILERS,
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield handler
    controller.stop()


def test_every_invitation_arrives_exactly_once(world, smtp, settings):
    people = [make_person(f"Laege {n}", world.clinic_a1) for n in range(5)]
    meeting = make_meeting(world.cluster_a, days=30)
    services.invite(meeting, people)
    # A second click on "send" queues nothing more.
    services.invite(meeting, people)
    interval = settings.POST_OFFICE["RETRY_INTERVAL"]
    now = timezone.now()
    for attempt in range(6):
        with time_machine.travel(now + attempt * (interval + timedelta(seconds=1)), tick=True):
            call_command("send_due")
            call_command("send_due")
    assert smtp.refuse == 0, "the server did refuse the first attempts"
    recipients = sorted(rcpt for rcpt, _content in smtp.received)
    assert recipients == sorted(p.email for p in people)
    assert all(b"text/calendar" in content for _rcpt, content in smtp.received)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
