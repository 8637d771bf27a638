"""What the meetings app adds to the dashboard and the cluster page (constant queries each)."""

from datetime import timedelta

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, person_of
from klynge.clusters.models import ClusterRules
from klynge.lib.panels import Panel
from klynge.meetings import absence, services
from klynge.meetings.models import Invitation, Meeting

# Warn this many days before the materials deadline.
MATERIALS_WARNING_DAYS = 3
# The cluster page points at work left after meetings begun this many days ago or less.
AFTER_DAYS = 60


def rules_by_cluster(cluster_ids, on) -> dict:
    """The rules in force for each cluster, in one query (defaults where none are recorded)."""
    found = {}
    for rules in ClusterRules.objects.filter(
        cluster_id__in=cluster_ids, valid_from__lte=on
    ).order_by("cluster_id", "-valid_from"):
        found.setdefault(rules.cluster_id, rules)
    return {pk: found.get(pk) or ClusterRules(cluster_id=pk, valid_from=on) for pk in cluster_ids}


def materials_warnings(clusters, now) -> list[dict]:
    """Called meetings whose materials deadline is near or passed, and nothing has been sent."""
    if not clusters:
        return []
    ids = [cluster.pk for cluster in clusters]
    rules = rules_by_cluster(ids, timezone.localdate(now))
    horizon = max(r.materials_deadline_days for r in rules.values()) + MATERIALS_WARNING_DAYS
    meetings = Meeting.objects.filter(
        cluster_id__in=ids,
        status=Meeting.Status.CALLED,
        start__gt=now,
        start__lte=now + timedelta(days=horizon),
        materials_sent_at__isnull=True,
    ).select_related("cluster")
    warnings = []
    for meeting in meetings:
        due = meeting.start - timedelta(days=rules[meeting.cluster_id].materials_deadline_days)
        if now >= due - timedelta(days=MATERIALS_WARNING_DAYS):
            warnings.append({"meeting": meeting, "due": due, "late": now >= due})
    return warnings


def dashboard_panels(request, clusters):
    person = person_of(request.user)
    now = timezone.now()
    managed = [cluster for cluster, roles in clusters if roles & MANAGE]
    panels = []
    warnings = materials_warnings(managed, now)
    if warnings:
        panels.append(Panel("meetings/panel_warnings.html", {"warnings": warnings}, order=5))
    if person is None:
        return panels
    invitations = list(
        Invitation.objects.filter(
            person=person,
            meeting__start__gte=now,
            meeting__status__in=[Meeting.Status.CALLED, Meeting.Status.CANCELLED],
        )
        .select_related("meeting", "meeting__cluster")
        .order_by("meeting__start")[:5]
    )
    member_clusters = [cluster for cluster, _roles in clusters]
    actions = list(services.actions_owned_by(person, member_clusters)[:10])
    year = timezone.localdate().year
    # The limit comes with the count (one query whether or not anything was missed).
    limit = ClusterRules.objects.filter(
        cluster_id=OuterRef("meeting__cluster_id"), valid_from__lte=timezone.localdate()
    ).order_by("-valid_from")
    missed = list(
        Invitation.objects.filter(
            person=person,
            meeting__start__year=year,
            meeting__kind=Meeting.Kind.CLUSTER,
            meeting__status__in=Meeting.HELD_STATUSES,
            attendance__in=absence.MISSED,
        )
        .values("meeting__cluster_id", "meeting__cluster__name", "meeting__cluster__slug")
        .annotate(
            n=Count("pk"),
            limit=Coalesce(
                Subquery(limit.values("max_absences")[:1]),
                ClusterRules._meta.get_field("max_absences").get_default(),
            ),
        )
    )
    panels.append(
        Panel(
            "meetings/panel_dashboard.html",
            {
                "invitations": invitations,
                "actions": actions,
                "missed": missed,
                "year": year,
            },
            order=10,
        )
    )
    return panels


def after_meeting(cluster, now) -> list[dict]:
    """Meetings begun in the last weeks with work left after them: attendance (held), the list to
    the secretariat, the claim (one query)."""
    meetings = (
        cluster.meetings.filter(start__lte=now, start__gte=now - timedelta(days=AFTER_DAYS))
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(claim_pk=F("claim__pk"))
        .order_by("start")
    )
    rows = []
    for meeting in meetings:
        missing = [
            label
            for label, done in (
                (_("fremmøde"), meeting.is_held),
                (_("deltagerliste til sekretariatet"), meeting.attendance_list_sent_at),
                (_("refusionskrav"), meeting.claim_pk),
            )
            if not done
        ]
        if missing:
            rows.append({"meeting": meeting, "missing": missing})
    return rows


def cluster_panels(request, cluster):
    now = timezone.now()
    upcoming = list(
        cluster.meetings.filter(start__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")[:3]
    )
    planning = list(
        cluster.meetings.filter(status=Meeting.Status.PLANNING, start__isnull=True).order_by(
            "created"
        )
    )
    manager = bool(request.cluster_roles & MANAGE)
    return [
        Panel(
            "meetings/panel_cluster.html",
            {
                "cluster": cluster,
                "upcoming": upcoming,
                "planning": planning,
                "open_actions": services.open_actions(cluster).count(),
                "manager": manager,
                "warnings": materials_warnings([cluster], now) if manager else [],
                "after": after_meeting(cluster, now) if manager else [],
            },
            order=10,
        )
    ]
