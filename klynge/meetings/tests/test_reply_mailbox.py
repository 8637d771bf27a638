"""The reply mailbox read over IMAP from a real server on 127.0.0.1 (dovecot): one run of the
worker (`manage.py send_due`) records the answers that calendars sent, forwards plain replies and
files every message away."""

import logging
from email import message_from_bytes, policy

import pytest
from django.core.management import call_command
from icalendar import Calendar
from post_office.models import Email

from klynge.mail import imap
from klynge.mail.tests import dovecot
from klynge.mail.tests.smtp import free_port
from klynge.mail.worker import send_outbox
from klynge.meetings import services
from klynge.meetings.models import Invitation
from klynge.meetings.tests import itip_samples as samples
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


# Once per worker: the tests run slow-first (klynge/conftest.py), not module by module, and a
# module's fixture would be started (and stopped, a second each way) again for each of its turns.
@pytest.fixture(scope="session")
def server():
    if not dovecot.available():
        pytest.skip(dovecot.MISSING)
    started = dovecot.Dovecot().start()
    yield started
    started.stop()


@pytest.fixture
def mailbox(server, settings):
    """The reply mailbox, empty, and the worker pointed at it."""
    server.empty("INBOX", imap.DONE, imap.IGNORED)
    settings.KLYNGE_REPLY_IMAP_URL = server.url
    return server


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, title="Klyngemøde om KOL")
    services.invite(meeting, members, by=world.users["coordinator"])
    return meeting


def answers(meeting) -> dict[str, str]:
    return dict(meeting.invitations.values_list("person__email", "answer"))


def test_one_worker_run_records_the_answers_in_the_mailbox(world, called, mailbox, caplog):
    uid = f"{called.uid}@klynge"
    member, board, coordinator = (world.people[k] for k in ("member", "board", "coordinator"))
    mailbox.deliver(
        samples.outlook(uid, member.email, "ACCEPTED", name=member.name),
        samples.google(uid, board.email, "DECLINED", name=board.name, comment="Kursus"),
        samples.apple(uid, "ukendt@example.dk", "ACCEPTED"),
        samples.plain_reply(world.people["member2"].email, "SV: Klyngemøde om KOL", "Kommer sent"),
    )
    with caplog.at_level(logging.WARNING, logger="klynge.meetings.replies"):
        call_command("send_due")
    now = answers(called)
    assert now[member.email] == Invitation.Answer.YES
    assert now[board.email] == Invitation.Answer.NO
    assert called.invitations.get(person=board).answer_reason == "Kursus"
    assert "ukendt@example.dk" in caplog.text
    forward = Email.objects.get(subject__startswith="Svar fra", to=[coordinator.email])
    assert "Kommer sent" in forward.message
    assert mailbox.count("INBOX") == 0
    assert mailbox.count(imap.DONE) == 3
    assert mailbox.count(imap.IGNORED) == 1
    # The next run finds nothing to read and changes nothing.
    call_command("send_due")
    assert answers(called) == now
    assert Email.objects.filter(subject__startswith="Svar fra").count() == 1


def test_a_calendar_answer_to_the_request_klynge_sent_comes_back(
    world, members, rules, mailbox, smtp_server
):
    """The whole way: the meeting request reaches a real SMTP server; its calendar's UID and the
    recipient's ATTENDEE are what the calendar program answers with."""
    smtp = smtp_server()
    meeting = make_meeting(world.cluster_a, title="Klyngemøde om diabetes")
    services.invite(meeting, members, by=world.users["coordinator"])
    send_outbox()
    member = world.people["member2"]
    [envelope] = [e for e in smtp.received if member.email in e.rcpt_tos]
    message = message_from_bytes(envelope.content, policy=policy.default)
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    event = Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    attendee = str(event["attendee"]).removeprefix("mailto:")
    mailbox.deliver(samples.outlook(str(event["uid"]), attendee, "DECLINED", comment="Syg"))
    call_command("send_due")
    invitation = meeting.invitations.get(person=member)
    assert (invitation.answer, invitation.answer_reason) == (Invitation.Answer.NO, "Syg")


def test_a_mailbox_out_of_reach_is_logged_and_the_rest_of_the_run_goes_on(
    world, called, settings, caplog, mailoutbox
):
    settings.KLYNGE_REPLY_IMAP_URL = f"imap://svar:x@127.0.0.1:{free_port()}/INBOX"
    with caplog.at_level(logging.ERROR, logger="klynge.meetings.replies"):
        call_command("send_due")
    assert "cannot reach 127.0.0.1" in caplog.text
    assert "x@127" not in caplog.text  # the password is never logged
    assert len(mailoutbox) == len(answers(called))  # the invitations were still sent


def test_a_wrong_password_is_logged(server, settings, caplog):
    settings.KLYNGE_REPLY_IMAP_URL = server.url.replace(dovecot.PASSWORD, "forkert")
    with caplog.at_level(logging.ERROR, logger="klynge.meetings.replies"):
        call_command("send_due")
    assert "svar@127.0.0.1" in caplog.text and "forkert" not in caplog.text
