"""The meetings app's deadlines on the wheel, for each cluster meeting: follow up on members who
have not answered, send the materials, hold the meeting and record attendance.

Done when recorded: every invited member has answered; the materials are sent; the meeting is
held (or closed)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.models import ClusterRules
from klynge.lib import due
from klynge.lib.deadlines import EKVIS_SEED, KIAP_TASKS, Item, Window, link
from klynge.lib.periods import in_force
from klynge.meetings.models import Invitation, Meeting


def deadlines(window: Window) -> list[Item]:
    meetings = [m for ms in window.meetings.values() for m in ms if m.kind == Meeting.Kind.CLUSTER]
    invited = set()
    waiting = set()
    for meeting_id, answer in Invitation.objects.filter(
        meeting__in=window.meeting_query, walk_in=False
    ).values_list("meeting_id", "answer"):
        invited.add(meeting_id)
        if answer == Invitation.Answer.NONE:
            waiting.add(meeting_id)
    answered = invited - waiting
    items: list[Item] = []
    for meeting in meetings:
        rules = window.rules.get(meeting.cluster_id, [])
        items += meeting_items(meeting, rules, meeting.pk in answered)
    return items


def meeting_items(meeting, rules_rows, answered: bool) -> list[Item]:
    cluster = meeting.cluster
    slug = cluster.slug
    day = timezone.localdate(meeting.start)
    rules = in_force(rules_rows, day) or ClusterRules(cluster=cluster)
    url = link("meetings:detail", [slug, meeting.pk], reverse("clusters:detail", args=[slug]))
    prefix, title = f"meeting:{meeting.pk}", meeting.title
    answer_due = due.answers_due(
        day,
        timezone.localdate(meeting.answer_deadline) if meeting.answer_deadline else None,
        rules.answer_deadline_days,
    )
    return [
        Item(
            f"{prefix}:answers",
            _("%(meeting)s: følg op på medlemmer, der ikke har svaret") % {"meeting": title},
            answer_due,
            _("Klyngens regler"),
            url,
            cluster,
            done=answered,
            manual=True,
        ),
        Item(
            f"{prefix}:materials",
            _("%(meeting)s: materiale udsendes") % {"meeting": title},
            due.materials_due(day, rules.materials_deadline_days),
            _("Klyngens regler"),
            url,
            cluster,
            done=meeting.materials_sent_at is not None,
            manual=True,
        ),
        Item(
            f"{prefix}:held",
            _("%(meeting)s: mødet holdes, fremmøde registreres") % {"meeting": title},
            day,
            EKVIS_SEED if cluster.scheme.is_specialist else KIAP_TASKS,
            link("meetings:attendance", [slug, meeting.pk], url),
            cluster,
            done=meeting.is_held,
        ),
    ]
