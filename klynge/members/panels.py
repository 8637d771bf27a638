"""The members' sections of the cluster page and the dashboard (a constant number of queries)."""

from datetime import date

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from klynge.clusters.access import MANAGE, STAFF_READ, can
from klynge.clusters.models import ClusterMembership, RulebookVersion
from klynge.lib import derived
from klynge.lib.panels import Panel
from klynge.members.access import my_clinic_ids
from klynge.members.models import FollowUp, JanuaryCheck, LeaveNotice


def cluster_counts(cluster, today) -> dict:
    """The open memberships by status and the draft leave notices: from the cache while the
    cluster's inputs are unchanged (klynge/clusters/derived.py), by the day."""

    def compute(missing):
        found = {}
        for c in missing:
            counts = dict(
                c.memberships.open_on(today)
                .order_by()
                .values("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            drafts = LeaveNotice.objects.filter(
                membership__cluster=c, status=LeaveNotice.Status.DRAFT
            ).count()
            found[c.pk] = {"status": counts, "drafts": drafts}
        return found

    return derived.cached("members_panel", [cluster], (today.isoformat(),), compute)[cluster.pk]


def cluster_panels(request, cluster):
    """The counts by status and the draft notices (cached), the user's clinics (1 query)."""
    counts = cluster_counts(cluster, timezone.localdate())
    manage = can(request, MANAGE)
    context = {
        "cluster": cluster,
        "active": counts["status"].get(ClusterMembership.Status.ACTIVE, 0),
        "in_doubt": counts["status"].get(ClusterMembership.Status.IN_DOUBT, 0),
        "manage": manage,
        "staff": can(request, STAFF_READ),
        "drafts": counts["drafts"] if manage else 0,
        "own_clinic": bool(my_clinic_ids(request)),
    }
    return [Panel("members/panel_cluster.html", context, order=20)]


def january_rows(clusters, today, lists: dict) -> list[dict]:
    due = []
    for cluster in clusters:
        found = lists[cluster.pk]["january"]
        if found is not None:
            year, deadline = found
            due.append(
                {"cluster": cluster, "year": year, "due": deadline, "overdue": today > deadline}
            )
    return due


def january_of(clusters, today) -> dict[int, tuple | None]:
    """Each cluster's (year, deadline) of a January check due and not done, or None (two queries:
    the rulebooks in force, and this year's checks; none outside December to March)."""
    if today.month not in (12, 1, 2, 3):
        return {cluster.pk: None for cluster in clusters}
    year = today.year + 1 if today.month == 12 else today.year
    first = date(year, 1, 1)
    rulebooks = {}
    for version in RulebookVersion.objects.filter(
        scheme_id__in={c.scheme_id for c in clusters}, valid_from__lte=first
    ).order_by("scheme_id", "-valid_from"):
        rulebooks.setdefault(version.scheme_id, version)
    done = set(
        JanuaryCheck.objects.filter(cluster__in=clusters, year=year).values_list(
            "cluster_id", flat=True
        )
    )
    found: dict[int, tuple | None] = {}
    for cluster in clusters:
        version = rulebooks.get(cluster.scheme_id)
        if version is None or version.ydernummer_check_due is None or cluster.pk in done:
            found[cluster.pk] = None
            continue
        check = version.ydernummer_check_due
        found[cluster.pk] = (year, date(year, check.month, check.day))
    return found


def dashboard_lists(clusters, today) -> dict[int, dict]:
    """Each cluster's open follow-ups (the first 20 by due date), its draft leave notices and the
    January check due: from the cache while the cluster's inputs are unchanged
    (klynge/clusters/derived.py), by the day. The rows' cluster is the caller's to set."""

    def compute(missing):
        found = {c.pk: {"follow_ups": [], "drafts": []} for c in missing}
        for task in (
            FollowUp.objects.open()
            .filter(cluster__in=missing)
            .select_related("membership__clinic")
            .order_by("due", "pk")
        ):
            found[task.cluster_id]["follow_ups"].append(task)
        for notice in LeaveNotice.objects.filter(
            membership__cluster__in=missing, status=LeaveNotice.Status.DRAFT
        ).select_related("membership__clinic"):
            found[notice.membership.cluster_id]["drafts"].append(notice)
        january = january_of(missing, today)
        for c in missing:
            found[c.pk]["follow_ups"] = found[c.pk]["follow_ups"][:20]
            found[c.pk]["january"] = january[c.pk]
        return found

    return derived.cached("members_dashboard", clusters, (today.isoformat(),), compute)


def dashboard_panels(request, clusters):
    """Follow-ups, draft leave notices and the January check of the clusters the user manages
    (from the cache: no query while their inputs are unchanged)."""
    managed = [cluster for cluster, roles in clusters if roles & MANAGE]
    if not managed:
        return []
    today = timezone.localdate()
    lists = dashboard_lists(managed, today)
    follow_ups, drafts = [], []
    for cluster in managed:
        for task in lists[cluster.pk]["follow_ups"]:
            task.cluster = cluster
            follow_ups.append(task)
        for notice in lists[cluster.pk]["drafts"]:
            notice.membership.cluster = cluster
            drafts.append(notice)
    follow_ups = sorted(follow_ups, key=lambda task: (task.due, task.pk))[:20]
    drafts.sort(key=lambda notice: notice.created_at, reverse=True)
    january = january_rows(managed, today, lists)
    if not (follow_ups or drafts or january):
        return []
    context = {"follow_ups": follow_ups, "drafts": drafts, "january": january, "today": today}
    return [Panel("members/panel_dashboard.html", context, order=15)]


# The clusters without this year's January check named on the secretariat's page, at most.
MISSING_SHOWN = 25


def secretariat_panels(request, scheme):
    """This year's January check per cluster of the scheme (two queries: the rulebook, read once
    with the other panels', and the clusters with whether they have checked)."""
    today = timezone.localdate()
    try:
        version = scheme.rulebook_on(date(today.year, 1, 1))
    except RulebookVersion.DoesNotExist:
        return []
    if version.ydernummer_check_due is None:
        return []
    checked = JanuaryCheck.objects.filter(cluster=OuterRef("pk"), year=today.year)
    # Slug, name and the flag only: a scheme has a thousand clusters at most, of which the first
    # MISSING_SHOWN without a check are listed; the rest are in the national overview.
    clusters = list(
        scheme.clusters.annotate(checked=Exists(checked))
        .order_by("name")
        .values_list("slug", "name", "checked")
    )
    missing = [(slug, name) for slug, name, done in clusters if not done]
    context = {
        "scheme": scheme,
        "year": today.year,
        "due": date(
            today.year, version.ydernummer_check_due.month, version.ydernummer_check_due.day
        ),
        "checked": len(clusters) - len(missing),
        "total": len(clusters),
        "missing": missing[:MISSING_SHOWN],
        "more": max(len(missing) - MISSING_SHOWN, 0),
    }
    return [Panel("members/panel_secretariat.html", context, order=30)]


def regional_panels(request, region):
    """Clinics that left a cluster in the region and were notified to the unit (one query).
    Clinic data only: no people."""
    notices = list(
        LeaveNotice.objects.filter(region=region, status=LeaveNotice.Status.SENT)
        .select_related("membership__clinic", "membership__cluster")
        .order_by("-decided_at")[:50]
    )
    return [Panel("members/panel_regional.html", {"notices": notices}, order=20)]


def profile_panels(request, person):
    """The person's clinics and clusters (one query)."""
    if person is None:
        return []
    today = timezone.localdate()
    memberships = list(
        ClusterMembership.objects.open_on(today)
        .filter(clinic__affiliations__in=person.affiliations.on(today))
        .select_related("clinic", "cluster")
        .order_by("cluster__name", "clinic__name")
        .distinct()
    )
    if not memberships:
        return []
    return [Panel("members/panel_profile.html", {"memberships": memberships}, order=20)]
