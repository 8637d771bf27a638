"""Scheduled meeting work, run by `manage.py send_due`: reminders to those who have not answered,
and the call list to the coordinator after the answer deadline.

Idempotent: every mail has an outbox key per (cause, recipient), so running twice, or two
workers at once, queues nothing twice.
"""

from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from klynge.clusters.models import Post
from klynge.meetings import replies, services
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.reminders import MEETING_PREFIX, reminded_today


def run_due(now: datetime) -> int:
    # Answers first: nobody is reminded of a meeting they have just accepted in their calendar.
    queued = replies.read_mailbox(now).get(replies.FORWARDED, 0)
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.CALLED,
            start__gt=now,
            answer_deadline__isnull=False,
            # The call list is sent after the deadline; nothing is due for older meetings.
            answer_deadline__gt=now - timedelta(days=7),
        )
        .select_related("cluster", "cluster__scheme")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(
                    answer=Invitation.Answer.NONE, walk_in=False
                ).select_related("person"),
                to_attr="unanswered",
            )
        )
    )
    for meeting in meetings:
        if now < meeting.answer_deadline:
            queued += reminders(meeting, now)
        else:
            queued += call_list(meeting)
    return queued


def reminders(meeting: Meeting, now: datetime) -> int:
    """The latest reminder due by the cluster's schedule (days before the answer deadline).

    A person invited after a reminder's time is not sent that reminder: their invitation is news.
    """
    rules = meeting.cluster.rules_on(timezone.localdate(meeting.start))
    due = [
        days
        for days in rules.reminder_schedule()
        if now >= meeting.answer_deadline - timedelta(days=days)
    ]
    if not due:
        return 0
    days = min(due)
    moment = meeting.answer_deadline - timedelta(days=days)
    members = set(
        services.addressed(
            meeting, meeting.invitations.filter(answer=Invitation.Answer.NONE)
        ).values_list("pk", flat=True)
    )
    # At most one reminder a day: one sent on demand today holds this one until tomorrow.
    done = reminded_today(MEETING_PREFIX, meeting, now)
    queued = 0
    for invitation in meeting.unanswered:
        if not invitation.person.email or invitation.pk not in members or invitation.pk in done:
            continue
        if invitation.invited_at and invitation.invited_at > moment:
            continue
        invitation.meeting = meeting
        email = services.queue(
            "meetings/reminder",
            invitation.person.email,
            {**services._mail_context(invitation), "days": days},
            key=f"{MEETING_PREFIX}{invitation.pk}:d{days}",
            cluster=meeting.cluster,
            about=meeting,
        )
        queued += email
    return queued


def call_list(meeting: Meeting) -> int:
    """After the deadline: tell the coordinator (and the chair) who has not answered."""
    if not meeting.unanswered:
        return 0
    recipients = {
        post.person.email: post.person
        for post in Post.objects.active(timezone.localdate())
        .filter(cluster=meeting.cluster, kind=Post.Kind.COORDINATOR)
        .select_related("person")
        if post.person.email
    }
    if meeting.chair_id and meeting.chair.email:
        recipients[meeting.chair.email] = meeting.chair
    queued = 0
    for address, person in recipients.items():
        email = services.queue(
            "meetings/call_list",
            address,
            {
                "person": person,
                "meeting": meeting,
                "cluster": meeting.cluster,
                "count": len(meeting.unanswered),
                "list_url": services.url("meetings:call_list", meeting.cluster.slug, meeting.pk),
            },
            key=f"meetings.call_list:{meeting.pk}:{person.pk}",
            cluster=meeting.cluster,
            about=meeting,
        )
        queued += email
    return queued
