"""Reminders on demand ("Send påmindelse nu") to those who have not answered a meeting or a date
poll, and when the next scheduled reminder goes out (the schedule itself runs in `jobs.py`).

A person gets at most one reminder a day for a meeting (scheduled or on demand) and at most one a
day for a date poll: the outbox key carries the day, and a meeting's scheduled reminders sent the
same day count too.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.audit import service
from klynge.clusters.models import Person
from klynge.mail.models import Dispatch
from klynge.mail.outbox import model_ref
from klynge.meetings import rules, services
from klynge.meetings.lifecycle import Refused
from klynge.meetings.models import DatePoll, Meeting, PollAnswer

MEETING_PREFIX = "meetings.reminder:"
POLL_PREFIX = "meetings.poll_reminder:"

NOT_OPEN = _(
    "Svarfristen er overskredet, eller mødet er ikke indkaldt. Der sendes ingen påmindelse."
)
POLL_CLOSED = _("Datoafstemningen er afsluttet. Der sendes ingen påmindelse.")


@dataclass
class Reminded:
    """How a reminder on demand went: mails queued, and who was skipped and why."""

    sent: int = 0
    already_today: list[str] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)


def next_scheduled(meeting: Meeting, cluster_rules=None, now=None) -> datetime | None:
    """When the cluster's schedule sends the next reminder for this meeting, or None.
    `cluster_rules`: the rules in force on the meeting's day, when the caller has them."""
    if meeting.status != Meeting.Status.CALLED or meeting.start is None:
        return None
    if cluster_rules is None:
        cluster_rules = meeting.cluster.rules_on(timezone.localdate(meeting.start))
    schedule = cluster_rules.reminder_schedule()
    return rules.next_reminder_at(meeting.answer_deadline, schedule, now or timezone.now())


def start_of_day(now: datetime | None = None) -> datetime:
    """Midnight in Copenhagen on `now`'s day, as an aware time (Dispatch.created is in UTC)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


def reminded_today(prefix: str, about, now: datetime | None = None) -> set[int]:
    """The ids (the first part of the key after `prefix`) reminded since midnight (one query)."""
    keys = Dispatch.objects.filter(
        key__startswith=prefix, subject_ref=model_ref(about), created__gte=start_of_day(now)
    ).values_list("key", flat=True)
    return {int(key[len(prefix) :].split(":")[0]) for key in keys}


@service
def remind_meeting(meeting: Meeting, *, by) -> Reminded:
    """Remind everyone invited who has not answered, now; `Refused` once answers are closed."""
    if not services.answer_open(meeting):
        raise Refused(NOT_OPEN, code="closed")
    done = reminded_today(MEETING_PREFIX, meeting)
    day = timezone.localdate().isoformat()
    result = Reminded()
    invitations = services.addressed(meeting, services.non_responders(meeting))
    for invitation in invitations.order_by("person__name"):
        person = invitation.person
        if invitation.pk in done:
            result.already_today.append(person.name)
            continue
        if not person.email:
            result.without_email.append(person.name)
            continue
        invitation.meeting = meeting
        result.sent += services.queue(
            "meetings/reminder",
            person.email,
            services._mail_context(invitation),
            key=f"{MEETING_PREFIX}{invitation.pk}:now:{day}",
            cluster=meeting.cluster,
            about=meeting,
        )
    return result


def poll_non_responders(poll: DatePoll):
    """The people asked who have answered none of the proposed times."""
    answered = PollAnswer.objects.filter(option__poll=poll).values("person_id")
    return poll.people.exclude(pk__in=answered).order_by("name")


@service
def remind_poll(poll: DatePoll, *, by) -> Reminded:
    """Remind those asked who have not answered the date poll, now; `Refused` once it is closed."""
    if not poll.is_open:
        raise Refused(POLL_CLOSED, code="closed")
    meeting = poll.meeting
    done = reminded_today(POLL_PREFIX, meeting)
    day = timezone.localdate().isoformat()
    result = Reminded()
    options = list(poll.options.all())
    days = [timezone.localdate(option.start) for option in options]
    members = services.members_on_any(meeting.cluster, days).order_by().values("pk")
    people: list[Person] = list(poll_non_responders(poll).filter(pk__in=members))
    for person in people:
        if person.pk in done:
            result.already_today.append(person.name)
            continue
        if not person.email:
            result.without_email.append(person.name)
            continue
        result.sent += services.queue(
            "meetings/poll_reminder",
            person.email,
            {
                "person": person,
                "meeting": meeting,
                "cluster": meeting.cluster,
                "poll": poll,
                "options": options,
                "poll_url": services.poll_url(poll, person),
            },
            key=f"{POLL_PREFIX}{person.pk}:{poll.pk}:{day}",
            cluster=meeting.cluster,
            about=meeting,
        )
    return result
