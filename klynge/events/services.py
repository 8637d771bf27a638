"""Every change to a scheme event, as one @service each (atomic, with its actor): creating it,
inviting the scheme's coordinators (and boards) with a calendar file and personal answer links
through the outbox, answers, materials and attendance. Attendance records the cluster's external
activity, which ticks the coordinator's wheel item and feeds the status report."""

from django.core.files.base import ContentFile, File
from django.urls import reverse
from django.utils import timezone, translation

from klynge.clusters.audit import Actor, service
from klynge.clusters.models import Post
from klynge.events import ics, rules, tokens
from klynge.events.models import EventInvitation, EventMaterial, SchemeEvent
from klynge.lib import files
from klynge.mail.outbox import absolute, queue_mail
from klynge.mail.sender import SECRETARIAT
from klynge.meetings import rules as meeting_rules
from klynge.meetings.lifecycle import Refused
from klynge.meetings.models import Invitation
from klynge.year.models import ExternalActivity

PRESENT = Invitation.Attendance.PRESENT


def url(name: str, **kwargs) -> str:
    """An absolute Danish URL for e-mails and calendar files."""
    with translation.override("da"):
        return absolute(reverse(name, kwargs=kwargs))


def answer_url(invitation) -> str:
    return url(
        "events:answer",
        scheme_event=invitation.event_id,
        event_token=tokens.answer_token(invitation),
    )


@service
def create_event(scheme, *, by, **fields) -> SchemeEvent:
    return SchemeEvent.objects.create(scheme=scheme, created_by=Actor.of(by).user, **fields)


def recipients(event: SchemeEvent) -> list[tuple]:
    """(person, cluster, role) for every post holder invited: the scheme's coordinators on the
    day of the event, and its board members if chosen; each person once, as coordinator first."""
    kinds = [Post.Kind.COORDINATOR] + ([Post.Kind.BOARD] if event.include_board else [])
    posts = (
        Post.objects.active(timezone.localdate(event.start))
        .filter(cluster__scheme_id=event.scheme_id, kind__in=kinds)
        .select_related("person", "cluster")
        .order_by("person__name", "person_id", "cluster__name")
    )
    found: dict = {}
    for post in sorted(posts, key=lambda p: p.kind != Post.Kind.COORDINATOR):
        role = (
            EventInvitation.Role.COORDINATOR
            if post.kind == Post.Kind.COORDINATOR
            else EventInvitation.Role.BOARD
        )
        found.setdefault(post.person_id, (post.person, post.cluster, role))
    return sorted(found.values(), key=lambda row: (row[0].name, row[0].pk))


def _attachment(invitation, link: str) -> dict:
    return {
        "invitation.ics": {
            "file": ContentFile(ics.event_ics(invitation, link)),
            "mimetype": "text/calendar; method=REQUEST; charset=utf-8",
        }
    }


def send_invitation(invitation: EventInvitation) -> bool:
    """Queue the invitation with its calendar file; once per person and version of the event."""
    event, person = invitation.event, invitation.person
    if not person.email:
        return False
    link = answer_url(invitation)
    email = queue_mail(
        "events/invitation",
        person.email,
        {
            "person": person,
            "event": event,
            "scheme": event.scheme,
            "cluster": invitation.cluster,
            "answer_url": link,
        },
        key=f"events.invitation:{invitation.pk}:seq{event.sequence}",
        cluster=invitation.cluster,
        about=event,
        attachments=_attachment(invitation, link),
        voice=SECRETARIAT,
    )
    return email is not None


@service
def invite(event: SchemeEvent, *, by) -> int:
    """Invite every post holder not yet invited and mail each new one; returns mails queued.

    Refused once the event has begun. Calling it again invites only those who took a post since
    (e.g. a new coordinator) and mails nobody twice."""
    now = timezone.now()
    event = SchemeEvent.objects.select_for_update().select_related("scheme").get(pk=event.pk)
    if meeting_rules.has_started(event.start, now):
        raise Refused(rules.TOO_LATE, code="started")
    if event.status == SchemeEvent.Status.PLANNING:
        event.status = SchemeEvent.Status.CALLED
        event.save(update_fields=["status"])
    elif event.status != SchemeEvent.Status.CALLED:
        raise Refused(rules.CLOSED, code="refused")
    invited = set(event.invitations.values_list("person_id", flat=True))
    queued = 0
    for person, cluster, role in recipients(event):
        if person.pk in invited:
            continue
        invitation = EventInvitation.objects.create(
            event=event, person=person, cluster=cluster, role=role, invited_at=now
        )
        invitation.event, invitation.person, invitation.cluster = event, person, cluster
        queued += send_invitation(invitation)
    return queued


def answer_open(event: SchemeEvent, now=None) -> bool:
    return rules.answer_open(
        event.status, event.answer_deadline, event.start, now or timezone.now()
    )


@service
def record_answer(invitation: EventInvitation, answer: str, reason: str = "", *, by):
    invitation.answer = answer
    invitation.answer_reason = reason if answer == Invitation.Answer.NO else ""
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answer_reason", "answered_at"])
    return invitation


@service
def add_material(event: SchemeEvent, upload, kind: files.Kind, *, by) -> EventMaterial:
    material = EventMaterial(
        event=event,
        label=upload.name[:200],
        mime=kind.mime,
        size=upload.size,
        uploaded_by=Actor.of(by).user,
    )
    material.file.save(files.server_name(f"events/{event.pk}", kind), File(upload), save=False)
    material.save()
    return material


def _record_activity(invitation: EventInvitation, user) -> None:
    """Present: the cluster took part (one external activity); otherwise none."""
    event = invitation.event
    if invitation.attendance == PRESENT and invitation.activity_id is None:
        invitation.activity = ExternalActivity.objects.create(
            cluster=invitation.cluster,
            date=timezone.localdate(event.start),
            kind=rules.activity_kind(event.scheme.is_specialist, event.kind),
            counterpart=event.scheme.name,
            description=event.title,
            represented_by=invitation.person.name,
            created_by=user,
        )
    elif invitation.attendance != PRESENT and invitation.activity_id is not None:
        invitation.activity.delete()
        invitation.activity = None


@service
def set_attendance(event: SchemeEvent, values: dict[int, str], *, by) -> int:
    """Save attendance (invitation id -> Invitation.Attendance); returns how many changed.

    Only once the event has begun (`Refused` with the meetings' reason before). The event is then
    held; each person present records their cluster's external activity."""
    now = timezone.now()
    event = SchemeEvent.objects.select_for_update().select_related("scheme").get(pk=event.pk)
    reason = meeting_rules.not_started_reason(event.start, now)
    if reason is not None:
        raise Refused(reason, code="not_started")
    changed = 0
    user = Actor.of(by).user
    for invitation in event.invitations.select_related("person", "cluster", "activity"):
        value = values.get(invitation.pk)
        if value is None or value == invitation.attendance:
            continue
        invitation.event = event
        invitation.attendance = value
        _record_activity(invitation, user)
        invitation.save(update_fields=["attendance", "activity"])
        changed += 1
    if meeting_rules.refusal(event.status, meeting_rules.HELD, event.start, now) is None:
        event.status = SchemeEvent.Status.HELD
        event.save(update_fields=["status"])
    return changed
