"""What the meetings app adds to the dashboard and the cluster page (constant queries each)."""

from datetime import datetime, time, timedelta

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, person_of
from klynge.clusters.models import ClusterRules
from klynge.lib import derived
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
    days = {pk: r.materials_deadline_days for pk, r in rules.items()}
    return warnings_among(meetings, days, now)


def warnings_among(meetings, deadline_days: dict[int, int], now) -> list[dict]:
    """The called meetings (of `meetings`, in their order) whose materials deadline (the days
    before the start, per cluster) is near or passed, and nothing has been sent."""
    warnings = []
    for meeting in meetings:
        if meeting.status != Meeting.Status.CALLED or meeting.materials_sent_at is not None:
            continue
        if meeting.start <= now:
            continue
        due = meeting.start - timedelta(days=deadline_days[meeting.cluster_id])
        if now >= due - timedelta(days=MATERIALS_WARNING_DAYS):
            warnings.append({"meeting": meeting, "due": due, "late": now >= due})
    return warnings


def dashboard_panels(request, clusters):
    person = person_of(request.user)
    now = timezone.now()
    managed = [cluster for cluster, roles in clusters if roles & MANAGE]
    panels = []
    warnings = cached_warnings(managed, now)
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


def cached_warnings(clusters, now) -> list[dict]:
    """`materials_warnings` from each cluster's cached meetings (`cluster_meetings`), latest
    first as the query gave them."""
    today = timezone.localdate(now)
    meetings, days = [], {}
    found = meetings_of(clusters, today)
    for cluster in clusters:
        cached = found[cluster.pk]
        days[cluster.pk] = cached["deadline_days"]
        for meeting in cached["meetings"]:
            meeting.cluster = cluster
            meetings.append(meeting)
    meetings.sort(key=lambda meeting: meeting.start, reverse=True)
    return warnings_among(meetings, days, now)


def after_meeting(cluster, now) -> list[dict]:
    """Meetings begun in the last weeks with work left after them: attendance (held), the list to
    the secretariat, the claim (one query)."""
    meetings = (
        cluster.meetings.filter(start__lte=now, start__gte=now - timedelta(days=AFTER_DAYS))
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(claim_pk=F("claim__pk"))
        .order_by("start")
    )
    return work_left(meetings)


def work_left(meetings) -> list[dict]:
    """Of these meetings (with `claim_pk`), those with work left after them, in their order."""
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


def cluster_meetings(cluster, today) -> dict:
    return meetings_of([cluster], today)[cluster.pk]


def meetings_of(clusters, today) -> dict[int, dict]:
    """Each cluster's meetings not cancelled that began AFTER_DAYS (and a day) before today or
    later, by start, with their claim; those being planned (no date); the open follow-ups; the
    materials deadline. From the cache while the cluster's inputs are unchanged
    (klynge/clusters/derived.py), kept by the day: what is upcoming or late is decided when the
    page is read, at the time of the request."""

    def compute(missing):
        dawn = timezone.make_aware(datetime.combine(today, time()))
        rules = rules_by_cluster([c.pk for c in missing], today)
        return {
            c.pk: {
                "meetings": list(
                    c.meetings.filter(start__gte=dawn - timedelta(days=AFTER_DAYS + 1))
                    .exclude(status=Meeting.Status.CANCELLED)
                    .annotate(claim_pk=F("claim__pk"))
                    .order_by("start", "pk")
                ),
                "planning": list(
                    c.meetings.filter(status=Meeting.Status.PLANNING, start__isnull=True).order_by(
                        "created"
                    )
                ),
                "open_actions": services.open_actions(c).count(),
                "deadline_days": rules[c.pk].materials_deadline_days,
            }
            for c in missing
        }

    return derived.cached("meetings_panel", clusters, (today.isoformat(),), compute)


def cluster_panels(request, cluster):
    now = timezone.now()
    cached = cluster_meetings(cluster, timezone.localdate(now))
    meetings = cached["meetings"]
    for meeting in meetings + cached["planning"]:
        meeting.cluster = cluster
    manager = bool(request.cluster_roles & MANAGE)
    begun = [m for m in meetings if now - timedelta(days=AFTER_DAYS) <= m.start <= now]
    days = {cluster.pk: cached["deadline_days"]}
    return [
        Panel(
            "meetings/panel_cluster.html",
            {
                "cluster": cluster,
                "upcoming": [m for m in meetings if m.start >= now][:3],
                "planning": cached["planning"],
                "open_actions": cached["open_actions"],
                "manager": manager,
                "warnings": warnings_among(meetings[::-1], days, now) if manager else [],
                "after": work_left(begun) if manager else [],
            },
            order=10,
        )
    ]
