"""Calendar answers come back: iTIP REPLY messages in Klynge's reply mailbox change the person's
answer; the rest goes to the coordinator or is ignored (klynge/meetings/replies.py)."""

import logging
from email import message_from_bytes, policy

import pytest
from django.utils import timezone
from post_office.models import Email

from klynge.mail.models import Dispatch
from klynge.meetings import replies, services
from klynge.meetings.models import Invitation
from klynge.meetings.tests import itip_samples as samples
from klynge.meetings.tests.factories import make_meeting

SAMPLES = {"outlook": samples.outlook, "google": samples.google, "apple": samples.apple}


def parsed(raw: bytes):
    return message_from_bytes(raw, policy=policy.default)


@pytest.mark.parametrize("style", SAMPLES)
def test_each_calendar_style_gives_one_answer(style):
    raw = SAMPLES[style](
        "8d6f@klynge", "Mette.Medlem@Example.dk", "DECLINED", comment="Syg, desværre"
    )
    answers = replies.calendar_answers(parsed(raw))
    assert [(a.uid, a.attendee, a.partstat) for a in answers] == [
        ("8d6f@klynge", "mette.medlem@example.dk", "DECLINED")
    ]
    if style != "apple":  # Apple Mail sends no comment
        assert answers[0].comment == "Syg, desværre"


def test_a_request_or_a_stranger_event_is_no_answer():
    request = samples.apple("x@klynge", "a@example.dk", "ACCEPTED").replace(
        b"METHOD:REPLY", b"METHOD:REQUEST"
    )
    assert replies.calendar_answers(parsed(samples.plain_reply("a@example.dk", "Hej", "Hej"))) == []
    assert b"METHOD:REQUEST" in request and replies.calendar_answers(parsed(request)) == []
    assert replies.meeting_uid("040000008200E00074C5B7101A82E008@outlook") is None
    assert replies.meeting_uid("not-a-uuid@klynge") is None


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, title="Klyngemøde om KOL")
    services.invite(meeting, members, by=world.users["coordinator"])
    return meeting


def uid(meeting) -> str:
    return f"{meeting.uid}@klynge"


def answer_of(meeting, person):
    return Invitation.objects.get(meeting=meeting, person=person)


@pytest.mark.django_db
@pytest.mark.parametrize(("style", "partstat", "answer"), [
    ("outlook", "ACCEPTED", "yes"),
    ("google", "DECLINED", "no"),
    ("apple", "ACCEPTED", "yes"),
])  # fmt: skip
def test_an_invited_person_answer_is_recorded(world, called, style, partstat, answer):
    member = world.people["member"]
    raw = SAMPLES[style](uid(called), member.email.upper(), partstat, comment="Ferie")
    assert replies.handle(raw, timezone.now()) == replies.RECORDED
    invitation = answer_of(called, member)
    assert invitation.answer == answer
    assert invitation.answer_reason == ("Ferie" if answer == "no" else "")
    assert invitation.answered_at is not None
    # Read again (a run stopped before the move): nothing changes, nothing is sent.
    before = Email.objects.count()
    assert replies.handle(raw, timezone.now()) == replies.RECORDED
    assert Email.objects.count() == before


@pytest.mark.django_db
def test_an_answer_from_an_address_not_invited_is_ignored_and_logged(world, called, caplog):
    stranger = "ukendt@example.dk"
    member = world.people["member"]
    with caplog.at_level(logging.WARNING, logger="klynge.meetings.replies"):
        assert replies.handle(
            samples.outlook(uid(called), stranger, "ACCEPTED"), timezone.now()
        ) == (replies.IGNORED)
        # The invited person's address as ATTENDEE, sent from someone else's: ignored too.
        forged = samples.google(uid(called), member.email, "DECLINED", sender=stranger)
        assert replies.handle(forged, timezone.now()) == replies.IGNORED
    assert stranger in caplog.text and "not invited" in caplog.text
    assert answer_of(called, member).answer == "none"
    other = world.people["other_coordinator"]  # invited elsewhere, not to this meeting
    assert replies.handle(samples.apple(uid(called), other.email, "ACCEPTED"), timezone.now()) == (
        replies.IGNORED
    )
    assert not called.invitations.filter(person=other).exists()


def forwarded(to):
    return Email.objects.filter(to=to, subject__startswith="Svar fra").order_by("pk")


@pytest.mark.django_db
def test_a_maybe_and_a_late_answer_go_to_the_coordinator(world, called):
    member, board = world.people["member"], world.people["board"]
    coordinator = world.people["coordinator"].email
    raw = samples.apple(uid(called), member.email, "TENTATIVE", name=member.name)
    assert replies.handle(raw, timezone.now()) == replies.FORWARDED
    assert answer_of(called, member).answer == "none"
    late = called.answer_deadline + timezone.timedelta(hours=1)
    raw = samples.outlook(uid(called), board.email, "DECLINED", name=board.name, comment="Ups")
    assert replies.handle(raw, late) == replies.FORWARDED
    assert answer_of(called, board).answer == "none"
    mails = list(forwarded(coordinator))
    assert len(mails) == 2
    assert mails[0].headers["Reply-To"] == f"{member.name} <{member.email}>"
    assert "Klyngemøde om KOL" in mails[0].subject
    assert "Ups" in mails[1].message


@pytest.mark.django_db
def test_a_plain_reply_is_forwarded_unescaped_with_reply_to_the_writer(world, called):
    member = world.people["member"]
    coordinator = world.people["coordinator"].email
    invitation_mail = Dispatch.objects.get(
        key__startswith="meetings.invitation:", recipient=member.email
    ).email
    text = 'Kan vi flytte til kl. 17? <b>"Tak" & hilsen</b>'
    raw = samples.plain_reply(
        member.email, "SV: noget andet", text, name=member.name,
        in_reply_to=invitation_mail.message_id,
    )  # fmt: skip
    assert replies.handle(raw, timezone.now()) == replies.FORWARDED
    assert replies.handle(raw, timezone.now()) == replies.FORWARDED  # read twice: sent once
    [mail] = forwarded(coordinator)
    assert text in mail.message  # the text part is not HTML-escaped
    assert "&lt;b&gt;" in mail.html_message and "<b>" not in mail.html_message
    assert mail.headers["Reply-To"] == f"{member.name} <{member.email}>"
    assert mail.headers["Auto-Submitted"] == "auto-generated"
    assert Dispatch.objects.get(email=mail).subject_ref == f"meetings.meeting:{called.pk}"


@pytest.mark.django_db
def test_out_of_office_is_filed_and_strangers_are_ignored(world, called):
    member = world.people["member"]
    away = samples.plain_reply(
        member.email, "Fraværende: Klyngemøde om KOL", "Jeg er på ferie",
        headers="Auto-Submitted: auto-replied\r\n",
    )  # fmt: skip
    assert replies.handle(away, timezone.now()) == replies.FILED
    spam = samples.plain_reply("salg@example.com", "Tilbud", "Køb nu")
    assert replies.handle(spam, timezone.now()) == replies.IGNORED
    assert not Email.objects.filter(subject__startswith="Svar fra").exists()


@pytest.mark.django_db
def test_an_answer_to_a_cancelled_meeting_is_filed(world, called):
    member = world.people["member"]
    services.cancel(called, "Sygdom", by=None)
    raw = samples.outlook(uid(called), member.email, "ACCEPTED")
    assert replies.handle(raw, timezone.now()) == replies.FILED
    assert answer_of(called, member).answer == "none"
