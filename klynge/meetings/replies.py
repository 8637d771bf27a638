"""Answers that come back: the reply mailbox (`KLYNGE_REPLY_IMAP_URL`), read by the worker.

A meeting request's ORGANIZER is Klynge's reply address, so a calendar's "Accept" or "Decline"
arrives there as an iTIP REPLY (RFC 5546, sent as in RFC 6047): a `text/calendar; method=REPLY`
part whose event has the meeting's UID and one ATTENDEE with the answer (PARTSTAT). Outlook puts
it in the alternative body, Gmail both there and as `invite.ics`, Apple Mail as an attachment.

- An answer from a person invited to that meeting (the ATTENDEE is their address, and the mail
  comes from it) is recorded with `services.record_answer`, as if they had used their answer link;
  a decline's comment becomes the reason.
- An answer Klynge cannot record (a "maybe", or after the answer deadline) and a plain reply to an
  invitation (a person pressing "Reply" on the meeting in their calendar) go on to the
  coordinator through the outbox, with Reply-To the person.
- Anything else (an address not invited, an answer to a meeting Klynge does not know) is ignored
  and logged. Out-of-office and other automatic replies are filed without being forwarded.

Every message read is moved to a folder (`imap.DONE` or `imap.IGNORED`) after its answer is saved
in the database, so a run stopped in between reads it again: recording the same answer twice
changes nothing, and the forward's outbox key (from the Message-ID) queues it once.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from icalendar import Calendar

from klynge.clusters.audit import Actor
from klynge.mail import imap
from klynge.mail.models import Dispatch
from klynge.mail.sender import Sender, coordinator_of
from klynge.meetings import services
from klynge.meetings.models import Invitation, Meeting

logger = logging.getLogger(__name__)

RECORDED, FORWARDED, FILED, IGNORED = "recorded", "forwarded", "filed", "ignored"
ANSWERS = {"ACCEPTED": Invitation.Answer.YES, "DECLINED": Invitation.Answer.NO}
CALENDAR_TYPES = ("text/calendar", "application/ics")
# A plain reply is matched to a meeting that is at most this old.
RECENT = timedelta(days=30)
LONGEST_TEXT = 20_000


@dataclass(frozen=True)
class CalendarAnswer:
    uid: str
    attendee: str
    partstat: str
    comment: str


def address_of(value) -> str:
    """The e-mail address of an ATTENDEE (`mailto:` in any case; Apple adds an EMAIL param)."""
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if "@" not in text and getattr(value, "params", None):
        text = str(value.params.get("EMAIL", ""))
    return text.strip().lower()


def meeting_uid(uid: str) -> uuid.UUID | None:
    """The meeting's UUID from an event UID (`<uuid>@klynge`), or None for a stranger's event."""
    head, _at, domain = uid.strip().partition("@")
    if domain != "klynge":
        return None
    try:
        return uuid.UUID(head)
    except ValueError:
        return None


def _calendar_parts(message: EmailMessage):
    for part in message.walk():
        if part.get_content_type() in CALENDAR_TYPES:
            payload = part.get_payload(decode=True)
            if payload:
                yield payload


def calendar_answers(message: EmailMessage) -> list[CalendarAnswer]:
    """The answers in a message's iTIP REPLY parts (Gmail sends the same one twice: once here)."""
    found: list[CalendarAnswer] = []
    for payload in _calendar_parts(message):
        try:
            calendar = Calendar.from_ical(payload)
        except ValueError:
            continue
        if str(calendar.get("method", "")).upper() != "REPLY":
            continue
        for event in calendar.walk("VEVENT"):
            attendees = event.get("attendee") or []
            if not isinstance(attendees, list):
                attendees = [attendees]
            comment = str(event.get("comment", "")).strip()
            for attendee in attendees:
                answer = CalendarAnswer(
                    uid=str(event.get("uid", "")),
                    attendee=address_of(attendee),
                    partstat=str(attendee.params.get("PARTSTAT", "")).upper(),
                    comment=comment,
                )
                if answer not in found:
                    found.append(answer)
    return found


def is_automatic(message: EmailMessage) -> bool:
    """An out-of-office or other machine answer (RFC 3834, and what Exchange writes instead)."""
    submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if submitted and submitted != "no":
        return True
    if str(message.get("X-Autoreply", "")).lower() == "yes":
        return True
    return str(message.get("Precedence", "")).lower() in ("auto_reply", "bulk", "junk")


def sender_address(message: EmailMessage) -> str:
    return parseaddr(str(message.get("From", "")))[1].strip().lower()


# --- Calendar answers ----------------------------------------------------------------------------


def record(answer: CalendarAnswer, message: EmailMessage, now: datetime) -> str:
    """Record one calendar answer, forward it, or ignore it (see the module's docstring)."""
    uid = meeting_uid(answer.uid)
    sender = sender_address(message)
    invitation = None
    if uid is not None and answer.attendee and sender == answer.attendee:
        invitation = (
            Invitation.objects.select_related("meeting__cluster", "person")
            .filter(meeting__uid=uid, person__email__iexact=answer.attendee)
            .first()
        )
    if invitation is None:
        logger.warning(
            "reply mailbox: calendar answer ignored: %s (from %s) is not invited to event %s",
            answer.attendee,
            sender,
            answer.uid,
        )
        return IGNORED
    meeting = invitation.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        logger.info("reply mailbox: answer to the cancelled meeting %s filed", meeting.pk)
        return FILED
    value = ANSWERS.get(answer.partstat)
    if value is None or not services.answer_open(meeting, now):
        return forward(message, invitation, now)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        reason = answer.comment[:300] if value == Invitation.Answer.NO else ""
        if invitation.answer != value or invitation.answer_reason != reason:
            services.record_answer(
                invitation, value, reason, by=Actor.link(f"kalendersvar: {sender}")
            )
    logger.info("reply mailbox: %s answered %s to meeting %s", sender, value, meeting.pk)
    return RECORDED


# --- Plain replies -------------------------------------------------------------------------------


def referenced_meetings(message: EmailMessage) -> set[int]:
    """The meetings whose mails this one answers (In-Reply-To and References to the outbox)."""
    ids = imap.header_ids(str(message.get("In-Reply-To", ""))) + imap.header_ids(
        str(message.get("References", ""))
    )
    if not ids:
        return set()
    prefix = f"{Meeting._meta.label_lower}:"
    refs = Dispatch.objects.filter(
        email__message_id__in=ids, subject_ref__startswith=prefix
    ).values_list("subject_ref", flat=True)
    return {int(ref.removeprefix(prefix)) for ref in refs}


def invitation_replied_to(message: EmailMessage, now: datetime) -> Invitation | None:
    """The invitation of the writer that a plain reply is about: the meeting its headers point at,
    else the one named in the subject, else the writer's next (or latest) meeting."""
    invitations = list(
        Invitation.objects.select_related("meeting__cluster", "person")
        .filter(person__email__iexact=sender_address(message), meeting__start__gte=now - RECENT)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .order_by("meeting__start", "pk")
    )
    if not invitations:
        return None
    referenced = referenced_meetings(message)
    subject = str(message.get("Subject", "")).lower()
    upcoming = [i for i in invitations if i.meeting.start >= now]
    for choice in (
        [i for i in invitations if i.meeting_id in referenced],
        [i for i in invitations if i.meeting.title.lower() in subject],
        upcoming,
    ):
        if choice:
            return choice[0]
    return invitations[-1]


def text_of(message: EmailMessage) -> str:
    """The readable text of a message: its plain part, else its HTML without the tags."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        text = body.get_content()
    except (LookupError, ValueError):
        return ""
    if body.get_content_type() == "text/html":
        text = strip_tags(text)
    return text.strip()[:LONGEST_TEXT]


def forward(message: EmailMessage, invitation: Invitation, now: datetime) -> str:
    """Send the reply on to the meeting's coordinator (or the secretariat), through the outbox."""
    meeting = invitation.meeting
    cluster = meeting.cluster
    coordinator = coordinator_of(cluster)
    to = coordinator.email if coordinator is not None and coordinator.email else ""
    to = to or cluster.scheme.secretariat_email
    if not to:
        logger.warning("reply mailbox: nobody to forward a reply about meeting %s to", meeting.pk)
        return IGNORED
    person = invitation.person
    identity = str(message.get("Message-ID", "")).strip().encode() or message.as_bytes()
    digest = hashlib.sha256(identity).hexdigest()[:40]
    with transaction.atomic():
        services.queue(
            "meetings/reply_forward",
            to,
            {
                "person": person,
                "meeting": meeting,
                "subject": str(message.get("Subject", "")),
                "text": text_of(message),
                "meeting_url": services.meeting_url(meeting),
            },
            key=f"meetings.reply:{digest}:{to}",
            cluster=cluster,
            about=meeting,
            sender=Sender("Klynge", cluster.name, person.name, sender_address(message)),
        )
    return FORWARDED


# --- The mailbox ---------------------------------------------------------------------------------


def handle(raw: bytes, now: datetime) -> str:
    """What to do with one message from the reply mailbox; returns the outcome."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    answers = calendar_answers(message)
    if answers:
        outcomes = [record(answer, message, now) for answer in answers]
        for outcome in (RECORDED, FORWARDED, FILED):
            if outcome in outcomes:
                return outcome
        return IGNORED
    if is_automatic(message):
        logger.info("reply mailbox: automatic reply from %s filed", sender_address(message))
        return FILED
    invitation = invitation_replied_to(message, now)
    if invitation is None:
        logger.warning(
            "reply mailbox: message from %s ignored: not an answer to an invitation",
            sender_address(message),
        )
        return IGNORED
    return forward(message, invitation, now)


def read_mailbox(now: datetime) -> dict[str, int]:
    """Read the reply mailbox once (if `KLYNGE_REPLY_IMAP_URL` is set): a count per outcome.

    A mailbox that cannot be reached is logged and left for the next run."""
    counts: dict[str, int] = {}
    url = settings.KLYNGE_REPLY_IMAP_URL
    if not url:
        return counts
    try:
        with imap.mailbox(url) as box:
            for uid in box.uids():
                raw = box.fetch(uid)
                outcome = handle(raw, now) if raw else IGNORED
                box.move(uid, imap.IGNORED if outcome == IGNORED else imap.DONE)
                counts[outcome] = counts.get(outcome, 0) + 1
    except imap.MailboxError as exc:
        logger.error("reply mailbox: %s", exc)
    return counts
