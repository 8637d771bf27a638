"""What happens to meetings, as one function per change. Other apps call these too.

Each function that causes e-mail queues it through the outbox in the same transaction, with a key
per (cause, recipient) so that calling it again sends nothing twice.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from klynge.clusters.audit import bulk_create_with_history, service
from klynge.clusters.models import ClinicAffiliation, Person, membership_on
from klynge.lib import memo
from klynge.mail.outbox import absolute, queue_mail, queue_mails
from klynge.meetings import attachments, ics, lifecycle, tokens
from klynge.meetings.models import (
    Action,
    AgendaItem,
    Invitation,
    Meeting,
)
from klynge.meetings.phrases import FOLLOWUP_TITLE

logger = logging.getLogger(__name__)


def queue(template: str, to: str, context: dict, key: str, **kwargs) -> bool:
    """queue_mail, but an address the outbox refuses (a typo in the member list) skips that
    one person instead of stopping the whole send-out. Returns whether a mail was queued."""
    try:
        return queue_mail(template, to, context, key, **kwargs) is not None
    except ValidationError:
        logger.warning("meetings: not queued, invalid address for key %s", key)
        return False


def url(name: str, *args, **kwargs) -> str:
    """An absolute Danish URL for e-mails and calendar files."""
    with translation.override("da"):
        return absolute(reverse(name, args=args, kwargs=kwargs or None))


def meeting_url(meeting) -> str:
    return url("meetings:detail", meeting.cluster.slug, meeting.pk)


def answer_url(invitation) -> str:
    meeting = invitation.meeting
    return url(
        "meetings:answer",
        cluster=meeting.cluster.slug,
        meeting=meeting.pk,
        answer_token=tokens.answer_token(invitation),
    )


def poll_url(poll, person) -> str:
    meeting = poll.meeting
    return url(
        "meetings:poll_answer",
        cluster=meeting.cluster.slug,
        meeting=meeting.pk,
        poll_token=tokens.poll_token(poll, person),
    )


# --- Creating a meeting ---------------------------------------------------------------------------


@service
def create_meeting(cluster, *, by, **fields) -> Meeting:
    """A new meeting, with the first agenda item that lists the open follow-ups."""
    meeting = Meeting.objects.create(cluster=cluster, **fields)
    AgendaItem.objects.create(meeting=meeting, position=1, title=FOLLOWUP_TITLE, is_followup=True)
    return meeting


def default_deadline(meeting) -> datetime | None:
    if meeting.start is None:
        return None
    rules = meeting.cluster.rules_on(timezone.localdate(meeting.start))
    deadline = meeting.start - timedelta(days=rules.answer_deadline_days)
    if deadline <= timezone.now():
        # Called at short notice: the day before, or the meeting itself if that is tomorrow.
        day_before = meeting.start - timedelta(days=1)
        deadline = day_before if day_before > timezone.now() else meeting.start
    return deadline


# --- Invitations ----------------------------------------------------------------------------------


def default_invitees(cluster, on: date | None = None):
    """Everyone with an open affiliation with a member clinic of the cluster."""
    return Person.objects.members_of(cluster, on).order_by("name")


def members_on_any(cluster, days: Iterable[date]):
    """People who are members on at least one of the days (a date poll asks them)."""
    wanted = Q(pk__in=[])
    for day in set(days):
        wanted |= Q(pk__in=Person.objects.members_of(cluster, day).values("pk"))
    return Person.objects.filter(wanted).order_by("name")


def meeting_day(meeting) -> date:
    """The day meeting mail is addressed by: the meeting's date (today while it has none)."""
    return timezone.localdate(meeting.start) if meeting.start else timezone.localdate()


def addressed(meeting: Meeting, invitations=None):
    """The invitations that meeting mail goes to: people who are members on the meeting's day."""
    invitations = meeting.invitations.all() if invitations is None else invitations
    members = Person.objects.members_of(meeting.cluster, meeting_day(meeting)).values("pk")
    return invitations.filter(person__in=members).select_related("person")


def clinic_and_role(person_ids: Iterable[int], cluster, on: date) -> dict[int, tuple]:
    """Each person's clinic in the cluster and role there on the day (one query).

    A person in several member clinics is counted at the one where they are a doctor, if any.
    """
    rows = (
        ClinicAffiliation.objects.on(on)
        .filter(
            membership_on(on, "clinic__memberships__"),
            person_id__in=list(person_ids),
            clinic__memberships__cluster=cluster,
        )
        .order_by("person_id", "start")
        .values_list("person_id", "clinic_id", "role")
    )
    found: dict[int, tuple] = {}
    for person_id, clinic_id, role in rows:
        current = found.get(person_id)
        if current is None or (
            current[1] not in ClinicAffiliation.DOCTOR_ROLES
            and role in ClinicAffiliation.DOCTOR_ROLES
        ):
            found[person_id] = (clinic_id, role)
    return found


def _ics_attachment(invitation, method: str) -> dict:
    return {
        "invitation.ics": {
            "file": ContentFile(ics.invitation_ics(invitation, method)),
            "mimetype": f"text/calendar; method={method}; charset=utf-8",
        }
    }


def _mail_context(invitation) -> dict:
    meeting = invitation.meeting
    return {
        "person": invitation.person,
        "meeting": meeting,
        "cluster": meeting.cluster,
        "location": ics.location_of(meeting),
        "meeting_url": meeting_url(meeting),
        "answer_url": answer_url(invitation),
    }


def invitation_mail(invitation, template: str = "meetings/invitation"):
    """(key, build) of the invitation's mail (or the update's) with its calendar file, for
    `queue_mails`: once per sequence number. None when the person has no address."""
    meeting = invitation.meeting
    if not invitation.person.email:
        return None

    def build() -> dict:
        return {
            "template": template,
            "to": invitation.person.email,
            "context": _mail_context(invitation),
            "cluster": meeting.cluster,
            "about": meeting,
            "attachments": _ics_attachment(invitation, "REQUEST"),
        }

    return f"meetings.invitation:{invitation.pk}:seq{meeting.sequence}", build


def send_invitations(invitations, template: str = "meetings/invitation") -> int:
    """Queue each invitation's mail (in bulk, see `queue_mails`); returns how many were queued."""
    mails = (invitation_mail(invitation, template) for invitation in invitations)
    return queue_mails(mail for mail in mails if mail is not None)


@service
def invite(meeting: Meeting, people: Iterable[Person], *, by, send: bool = True) -> int:
    """Invite people (creating their Invitation) and queue one e-mail each; returns mails queued.

    Calling it again for the same people and the same version of the meeting queues nothing.
    The meeting is called (status CALLED) and gets the cluster's answer deadline if it had none.
    With send=False the invitations are made but the caller writes the e-mail itself (the general
    assembly's final notice carries the answer link and calendar file from `answer_and_calendar`).
    """
    if meeting.start is None:
        raise ValueError("A meeting needs a start time before anyone is invited")
    people = list(people)
    now = timezone.now()
    with transaction.atomic():
        if meeting.status == Meeting.Status.PLANNING:
            lifecycle.move(meeting, Meeting.Status.CALLED, by=by)
        if meeting.answer_deadline is None:
            meeting.answer_deadline = default_deadline(meeting)
            meeting.save(update_fields=["answer_deadline"])
        existing = {inv.person_id: inv for inv in meeting.invitations.select_related("person")}
        on = timezone.localdate(meeting.start)
        places = clinic_and_role(
            [p.pk for p in people if p.pk not in existing], meeting.cluster, on
        )
        new = []
        for person in dict.fromkeys(people):
            if person.pk not in existing:
                clinic_id, role = places.get(person.pk, (None, ""))
                existing[person.pk] = Invitation(
                    meeting=meeting, person=person, clinic_id=clinic_id, role=role, invited_at=now
                )
                new.append(existing[person.pk])
        bulk_create_with_history(new, Invitation)
        invited = [existing[person.pk] for person in people]
        for invitation in invited:
            invitation.meeting = meeting
        with memo.batch():
            return send_invitations(invited) if send else 0


def answer_and_calendar(invitation) -> tuple[str, dict]:
    """The personal answer link and the calendar attachment, for a mail written by another app."""
    return answer_url(invitation), _ics_attachment(invitation, "REQUEST")


@service
def meeting_changed(meeting: Meeting, *, by) -> int:
    """The time or place changed: raise SEQUENCE and send everyone invited a new REQUEST."""
    with transaction.atomic():
        meeting.sequence += 1
        meeting.save()
        if meeting.status != Meeting.Status.CALLED:
            return 0
        invitations = list(addressed(meeting))
        for invitation in invitations:
            invitation.meeting = meeting
        with memo.batch():
            return send_invitations(invitations, template="meetings/updated")


@service
def cancel(meeting: Meeting, reason: str = "", *, by) -> int:
    """Cancel the meeting and send everyone invited a CANCEL for their calendar.

    A held meeting cannot be cancelled (`lifecycle.Refused`)."""
    with transaction.atomic():
        lifecycle.move(meeting, Meeting.Status.CANCELLED, by=by, reason=reason)
        meeting.cancel_reason = reason
        meeting.sequence += 1
        meeting.save()
        queued = 0
        with memo.batch():
            for invitation in meeting.invitations.select_related("person"):
                if not invitation.person.email:
                    continue
                invitation.meeting = meeting
                queued += queue(
                    "meetings/cancelled",
                    invitation.person.email,
                    {**_mail_context(invitation), "reason": reason},
                    key=f"meetings.cancel:{invitation.pk}",
                    cluster=meeting.cluster,
                    about=meeting,
                    attachments=_ics_attachment(invitation, "CANCEL"),
                )
    return queued


# --- Answers --------------------------------------------------------------------------------------


def answer_open(meeting: Meeting, now: datetime | None = None) -> bool:
    """May the invited still answer or change their answer?"""
    now = now or timezone.now()
    if meeting.status != Meeting.Status.CALLED:
        return False
    limit = meeting.answer_deadline or meeting.start
    return limit is None or now < limit


@service
def record_answer(invitation: Invitation, answer: str, reason: str = "", *, by) -> Invitation:
    """The invited person's answer; `by` is the member, or `Actor.link(...)` for a personal link
    or a calendar reply."""
    invitation.answer = answer
    invitation.answer_reason = reason if answer == Invitation.Answer.NO else ""
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answer_reason", "answered_at"])
    return invitation


def non_responders(meeting: Meeting):
    return meeting.invitations.filter(answer=Invitation.Answer.NONE, walk_in=False)


# --- Attendance -----------------------------------------------------------------------------------


@dataclass
class Saved:
    invitation: Invitation
    conflict: bool


@service
def set_attendance(
    meeting: Meeting, invitation_id: int, value: str, version: int | None, *, by
) -> Saved:
    """Save one person's attendance. A device that saw an older version of the row and wants
    something else than what is now saved is told so, and nothing is overwritten. Before the
    meeting has begun: `lifecycle.Refused`."""
    lifecycle.require_started(meeting)
    invitation = (
        meeting.invitations.select_for_update(of=("self",))
        .select_related("person", "clinic")
        .get(pk=invitation_id)
    )
    if (
        version is not None
        and version != invitation.attendance_version
        and invitation.attendance != value
    ):
        return Saved(invitation, conflict=True)
    if invitation.attendance != value:
        invitation.attendance = value
        invitation.attendance_version += 1
        invitation.save(update_fields=["attendance", "attendance_version"])
    return Saved(invitation, conflict=False)


@service
def add_walk_in(meeting: Meeting, person: Person, *, by) -> Invitation:
    """Someone from a member clinic who came without an invitation: present."""
    lifecycle.require_started(meeting)
    invitation = meeting.invitations.filter(person=person).first()
    if invitation is None:
        on = timezone.localdate(meeting.start) if meeting.start else timezone.localdate()
        clinic_id, role = clinic_and_role([person.pk], meeting.cluster, on).get(
            person.pk, (None, "")
        )
        invitation = Invitation(
            meeting=meeting, person=person, clinic_id=clinic_id, role=role, walk_in=True
        )
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.attendance_version += 1
    invitation.save()
    return invitation


@service
def mark_yes_present(meeting: Meeting, *, by) -> int:
    """Everyone who said yes and is not yet registered is present (then only the exceptions are
    tapped). Before the meeting has begun: `lifecycle.Refused`, and nothing changes."""
    lifecycle.require_started(meeting)
    count = 0
    for invitation in meeting.invitations.select_for_update().filter(
        answer=Invitation.Answer.YES, attendance=Invitation.Attendance.UNKNOWN
    ):
        invitation.attendance = Invitation.Attendance.PRESENT
        invitation.attendance_version += 1
        invitation.save(update_fields=["attendance", "attendance_version"])
        count += 1
    return count


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """How many are present, excused, absent and not yet registered (one query)."""
    counts = dict.fromkeys(Invitation.Attendance.values, 0)
    for value, n in (
        meeting.invitations.order_by().values_list("attendance").annotate(n=Count("pk"))
    ):
        counts[value] = n
    return counts


@service
def fill_absent(meeting: Meeting, *, by) -> int:
    """After the meeting: everyone not marked is 'excused' if they sent an apology, else absent,
    and the meeting is held. Before it has begun: `lifecycle.Refused`, and nothing changes."""
    lifecycle.require_started(meeting)
    if meeting.status in (Meeting.Status.PLANNING, Meeting.Status.CALLED):
        lifecycle.move(meeting, Meeting.Status.HELD, by=by)
    count = 0
    for invitation in meeting.invitations.filter(attendance=Invitation.Attendance.UNKNOWN):
        invitation.attendance = (
            Invitation.Attendance.EXCUSED
            if invitation.answer == Invitation.Answer.NO
            else Invitation.Attendance.ABSENT
        )
        invitation.attendance_version += 1
        invitation.save(update_fields=["attendance", "attendance_version"])
        count += 1
    return count


# --- Follow-ups -----------------------------------------------------------------------------------


def open_actions(cluster):
    """The cluster's open follow-ups, oldest first (they come back on the next agenda)."""
    return (
        Action.objects.open()
        .filter(cluster=cluster)
        .select_related("owner_person", "owner_clinic", "meeting")
        .order_by("due_date", "created", "pk")
    )


def actions_owned_by(person: Person, clusters: Iterable, on: date | None = None):
    """Open follow-ups a person owns: theirs, their clinics', and their clusters' as a whole."""
    on = on or timezone.localdate()
    clinic_ids = ClinicAffiliation.objects.on(on).filter(person=person).values("clinic_id")
    return (
        Action.objects.open()
        .filter(
            Q(owner_person=person)
            | Q(owner_clinic_id__in=clinic_ids)
            | Q(owner_person__isnull=True, owner_clinic__isnull=True),
            cluster__in=list(clusters),
        )
        .select_related("owner_person", "owner_clinic", "cluster", "meeting")
        .order_by("due_date", "created", "pk")
    )


@service
def set_action_status(action: Action, status: str, *, by) -> Action:
    action.status = status
    action.done_at = timezone.now() if status == Action.Status.DONE else None
    action.save(update_fields=["status", "done_at"])
    return action


# --- Materials and minutes ------------------------------------------------------------------------


@service
def send_materials(meeting: Meeting, *, by, attach: bool = False) -> int:
    """E-mail a link to the meeting page and its materials to everyone invited; with `attach`,
    the files too (at most 10 MB in all, else `lifecycle.Refused` and nothing is sent)."""
    with transaction.atomic():
        materials = list(meeting.materials.all())
        if attach:
            attachments.check(materials)
        meeting.materials_sent_count += 1
        meeting.materials_sent_at = timezone.now()
        meeting.save(update_fields=["materials_sent_count", "materials_sent_at"])
        keys = []
        for invitation in addressed(meeting):
            if not invitation.person.email:
                continue
            key = f"meetings.materials:{meeting.pk}:{meeting.materials_sent_count}:{invitation.pk}"
            if queue(
                "meetings/materials",
                invitation.person.email,
                {
                    "person": invitation.person,
                    "meeting": meeting,
                    "cluster": meeting.cluster,
                    "materials": materials,
                    "attached": attach,
                    "meeting_url": meeting_url(meeting),
                },
                key=key,
                cluster=meeting.cluster,
                about=meeting,
            ):
                keys.append(key)
        if attach and keys:
            attachments.link(attachments.store(materials), keys)
    return len(keys)


@service
def send_minutes(meeting: Meeting, pdf: bytes, *, by) -> int:
    """Mail the minutes to everyone invited; not before the meeting has begun (`Refused`)."""
    lifecycle.require_started(meeting)
    with transaction.atomic():
        meeting.minutes_sent_at = timezone.now()
        meeting.save(update_fields=["minutes_sent_at"])
        stamp = int(meeting.minutes_sent_at.timestamp())
        queued = 0
        for invitation in addressed(meeting):
            if not invitation.person.email:
                continue
            email = queue(
                "meetings/minutes",
                invitation.person.email,
                {
                    "person": invitation.person,
                    "meeting": meeting,
                    "cluster": meeting.cluster,
                    "meeting_url": meeting_url(meeting),
                },
                key=f"meetings.minutes:{meeting.pk}:{stamp}:{invitation.pk}",
                cluster=meeting.cluster,
                about=meeting,
                attachments={
                    "referat.pdf": {"file": ContentFile(pdf), "mimetype": "application/pdf"}
                },
            )
            queued += email
    return queued


@service
def send_attendance_list(meeting: Meeting, pdf: bytes, csv_data: bytes, *, by) -> bool:
    """Send the attendance list to the scheme's secretariat (KiAP/PLO wants it after every
    meeting), once it is held and has begun (else `lifecycle.Refused`)."""
    lifecycle.require_started(meeting)
    if not meeting.is_held:
        raise lifecycle.Refused(
            _("Registrér fremmødet og markér mødet som afholdt først."), code="not_held"
        )
    with transaction.atomic():
        meeting.attendance_list_sent_at = timezone.now()
        meeting.save(update_fields=["attendance_list_sent_at"])
        stamp = int(meeting.attendance_list_sent_at.timestamp())
        email = queue(
            "meetings/attendance_list",
            meeting.cluster.scheme.secretariat_email,
            {
                "meeting": meeting,
                "cluster": meeting.cluster,
                "present": meeting.invitations.filter(
                    attendance=Invitation.Attendance.PRESENT
                ).count(),
            },
            key=f"meetings.attendance_list:{meeting.pk}:{stamp}",
            cluster=meeting.cluster,
            about=meeting,
            attachments={
                "moededeltagerliste.pdf": {"file": ContentFile(pdf), "mimetype": "application/pdf"},
                "moededeltagerliste.csv": {
                    "file": ContentFile(csv_data),
                    "mimetype": "text/csv; charset=utf-8",
                },
            },
        )
    return email
