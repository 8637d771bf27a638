"""Scheduled work of the year, run by `manage.py send_due` every few minutes (idempotent).

- The weekly digest: from Monday 07:00 (Copenhagen), each coordinator and board member gets one
  e-mail per cluster and week listing the wheel items that are due soon or overdue and that they
  have not been mailed before. Each item is mailed to each person once (DigestEntry), and the
  outbox key per cluster, week and recipient stops a second digest in the same week.
- Term reminders: three months before a post's term ends, its holder is told, and the election is
  put on the agenda of the next general assembly if its final notice has not gone out.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import Post, holder_member_on
from klynge.lib import digest
from klynge.lib.due import TERM_REMINDER_MONTHS
from klynge.mail.outbox import absolute, queue_mail
from klynge.meetings.models import Meeting
from klynge.year import wheel
from klynge.year.dates import add_months, iso_week
from klynge.year.models import Assembly, DigestEntry
from klynge.year.services import election_line

DIGEST_HOUR = 7
LOOK_BACK_DAYS = 120


def valid_address(email: str) -> bool:
    """A broken address on one person must not stop everyone else's mail."""
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def run_due(now) -> int:
    today = timezone.localdate(now)
    local = timezone.localtime(now)
    queued = term_reminders(today)
    if local.weekday() > 0 or local.hour >= DIGEST_HOUR:
        queued += digests(today)
    return queued


def drop_served(clusters: dict, recipients: dict, week: str) -> None:
    """One digest a week per recipient (the outbox key says so): once theirs is out, the wheel is
    not built for them again until next week, though the job runs every few minutes."""
    served = set(
        DigestEntry.objects.filter(cluster_id__in=clusters.keys(), week=week).values_list(
            "cluster_id", "recipient"
        )
    )
    for cluster_id in list(clusters):
        waiting = {e: p for e, p in recipients[cluster_id].items() if (cluster_id, e) not in served}
        recipients[cluster_id] = waiting
        if not waiting:
            del clusters[cluster_id]


def digests(today) -> int:
    posts = list(
        Post.objects.active(today)
        .filter(holder_member_on(today), kind__in=[Post.Kind.COORDINATOR, Post.Kind.BOARD])
        .distinct()
        .exclude(person__email="")
        .select_related("person", "cluster__scheme", "cluster__region")
        .order_by("cluster_id", "kind", "person__name")
    )
    if not posts:
        return 0
    recipients = defaultdict(dict)
    clusters = {}
    for post in posts:
        if not valid_address(post.person.email):
            continue
        clusters[post.cluster_id] = post.cluster
        recipients[post.cluster_id].setdefault(post.person.email.lower(), post.person)
    week = iso_week(today)
    drop_served(clusters, recipients, week)
    if not clusters:
        return 0
    built = wheel.build(
        list(clusters.values()),
        today - timedelta(days=LOOK_BACK_DAYS),
        today + timedelta(days=wheel.SOON_DAYS + 1),
    )
    sent = set(
        DigestEntry.objects.filter(cluster_id__in=clusters.keys()).values_list(
            "cluster_id", "key", "recipient"
        )
    )
    notes = digest.notes(clusters, today)
    queued = 0
    for cluster_id, cluster in clusters.items():
        due = [
            item
            for item in built[cluster_id]
            if item.state(today) in (wheel.State.SOON, wheel.State.OVERDUE)
        ]
        if not due and not notes.get(cluster_id):
            continue
        for email, person in recipients[cluster_id].items():
            new = [i for i in due if (cluster_id, i.key, email) not in sent]
            fresh = [n for n in notes.get(cluster_id, []) if (cluster_id, n.key, email) not in sent]
            if not new and not fresh:
                continue
            still = len(due) - len(new)
            with transaction.atomic():
                mail = queue_mail(
                    "year_digest",
                    email,
                    {
                        "person": person,
                        "cluster": cluster,
                        "overdue": [i for i in new if i.state(today) == wheel.State.OVERDUE],
                        "soon": [i for i in new if i.state(today) == wheel.State.SOON],
                        "still_open": still,
                        "notes": fresh,
                        "week": week,
                        "base": absolute(""),
                        "wheel_url": absolute(reverse("year:wheel", args=[cluster.slug])),
                    },
                    key=f"year-digest:{cluster_id}:{week}:{email}",
                    cluster=cluster,
                    voice="klynge",
                    optional=True,
                )
                if mail is None:
                    continue
                DigestEntry.objects.bulk_create(
                    [
                        DigestEntry(cluster_id=cluster_id, key=i.key, recipient=email, week=week)
                        for i in [*new, *fresh]
                    ],
                    ignore_conflicts=True,
                )
                queued += 1
    return queued


def term_reminders(today) -> int:
    """Posts whose term ends within three months: tell the holder, put it on the agenda."""
    horizon = add_months(today, TERM_REMINDER_MONTHS)
    posts = list(
        Post.objects.active(today)
        .filter(term_end__isnull=False, term_end__gte=today, term_end__lte=horizon)
        .select_related("person", "cluster")
    )
    if not posts:
        return 0
    upcoming = {}
    for assembly in (
        Assembly.objects.filter(
            meeting__cluster_id__in={p.cluster_id for p in posts},
            meeting__start__gte=timezone.now(),
            final_sent_at__isnull=True,
        )
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("-meeting__start")
    ):
        upcoming[assembly.meeting.cluster_id] = assembly
    queued = 0
    for post in posts:
        assembly = upcoming.get(post.cluster_id)
        if not valid_address(post.person.email):
            continue
        with transaction.atomic():
            mail = queue_mail(
                "year_term_reminder",
                post.person.email,
                {
                    "person": post.person,
                    "post": post,
                    "cluster": post.cluster,
                    "assembly": assembly,
                    "handover_url": absolute(reverse("year:handover", args=[post.cluster.slug])),
                    "assemblies_url": absolute(
                        reverse("year:assemblies", args=[post.cluster.slug])
                    ),
                },
                key=f"term-reminder:{post.pk}:{post.term_end:%Y%m%d}",
                cluster=post.cluster,
                about=post,
            )
            if mail is None:
                continue
            queued += 1
            # Once, with the reminder: the coordinator may edit the agenda afterwards.
            if assembly is not None:
                line = election_line(post)
                if line not in assembly.agenda_items():
                    assembly.agenda = assembly.agenda.rstrip() + "\n" + line
                    assembly._change_reason = line
                    assembly.save()
    return queued
