"""The year's sections on the dashboard, the cluster page, the profile and the secretariat page."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, STAFF_READ, can
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import Post
from klynge.lib.panels import Panel, Tally
from klynge.year import rules, wheel
from klynge.year.models import Handover, PackageOrder, StatusReport

# The dashboard looks this far back for overdue items and this far ahead for the timeline.
LOOK_BACK_DAYS = 120
LOOK_AHEAD_DAYS = 120
# The to-do list looks half a year ahead: this year's status report (due in January) and a
# coordinator's term ending at the end of March are on it in the autumn.
TODO_AHEAD_DAYS = 183
TIMELINE_LENGTH = 8


def checklist(items, today):
    groups = wheel.group_by_state(items, today)
    return {
        "overdue": groups[wheel.State.OVERDUE],
        "soon": groups[wheel.State.SOON],
        "upcoming": groups[wheel.State.UPCOMING][:TIMELINE_LENGTH],
        "upcoming_count": len(groups[wheel.State.UPCOMING]),
        "done_count": len(groups[wheel.State.DONE]),
        "done": groups[wheel.State.DONE][-3:],
    }


def todo(items, today) -> dict:
    """Every item not done, grouped now / soon / later (none left out), and the done count."""
    groups: dict[str, list] = {rules.NOW: [], rules.SOON: [], rules.LATER: []}
    done = 0
    for item in items:
        group = rules.todo_group(item.due, item.done, today)
        if group is None:
            done += 1
        else:
            groups[group].append(item)
    return {
        "now": groups[rules.NOW],
        "soon": groups[rules.SOON],
        "later": groups[rules.LATER],
        "done_count": done,
    }


def dashboard_panels(request, clusters):
    """The to-do list of every cluster the user runs (coordinator or board): every item of the
    wheel due in the window and not done, in a constant number of queries."""
    managed = [cluster for cluster, roles in clusters if roles & MANAGE]
    if not managed:
        return []
    today = timezone.localdate()
    built = wheel.build(
        managed, today - timedelta(days=LOOK_BACK_DAYS), today + timedelta(days=TODO_AHEAD_DAYS)
    )
    rows = [{"cluster": cluster, **todo(built[cluster.pk], today)} for cluster in managed]
    return [Panel("year/panel_dashboard.html", {"rows": rows, "today": today}, order=20)]


def pending_handovers(today, **where) -> list[Handover]:
    """Coordinator handovers not yet in effect (from a handover or an election), soonest first."""
    return list(
        Handover.objects.filter(effective__gt=today, **where)
        .select_related("cluster", "outgoing", "successor")
        .order_by("effective", "cluster__name")
    )


def cluster_panels(request, cluster):
    today = timezone.localdate()
    handovers = pending_handovers(today, cluster=cluster)
    if not can(request, STAFF_READ):
        context = {"cluster": cluster, "staff": False, "handovers": handovers}
        return [Panel("year/panel_cluster.html", context, order=30)]
    items = wheel.build(
        [cluster], today - timedelta(days=LOOK_BACK_DAYS), today + timedelta(days=LOOK_AHEAD_DAYS)
    )[cluster.pk]
    context = {
        "cluster": cluster,
        "staff": True,
        "manage": can(request, MANAGE),
        "today": today,
        "handovers": handovers,
        **checklist(items, today),
    }
    return [Panel("year/panel_cluster.html", context, order=30)]


def profile_panels(request, person):
    """The coordinator's two consents (the public list; passed on by the secretariat on request),
    per coordinator post, dated, with their history."""
    if person is None:
        return []
    today = timezone.localdate()
    posts = list(
        Post.objects.active(today)
        .filter(person=person, kind=Post.Kind.COORDINATOR)
        .select_related("cluster")
    )
    if not posts:
        return []
    changes = []
    for post in posts:
        previous = None
        for record in post.history.order_by("history_date"):
            now = (record.directory_consent, record.pass_on_consent)
            for index, kind in enumerate(("directory", "pass_on")):
                if previous is not None and now[index] != previous[index]:
                    changes.append((record.history_date, post.cluster, kind, now[index]))
            previous = now
    changes.sort(key=lambda row: row[0], reverse=True)
    return [Panel("year/panel_profile.html", {"posts": posts, "changes": changes[:10]}, order=40)]


def secretariat_panels(request, scheme):
    """Which clusters have submitted last year's status report, new package orders, and
    coordinator handovers still to come (one query, and three tallies counted with the page's)."""
    today = timezone.localdate()
    year = today.year - 1
    handovers = pending_handovers(today, cluster__scheme=scheme)
    if handovers:
        people = {p for h in handovers for p in (h.outgoing, h.successor)}
        log_access(request, "view", _("Koordinatorskifte på vej"), persons=people)
    total = Tally(scheme.clusters.all())
    submitted = Tally(
        StatusReport.objects.filter(
            cluster__scheme=scheme, year=year, status=StatusReport.Status.SUBMITTED
        )
    )
    new_orders = Tally(
        PackageOrder.objects.filter(
            package__provider_scheme=scheme, status=PackageOrder.Status.REQUESTED
        )
    )
    return [
        Panel(
            "year/panel_secretariat.html",
            {
                "year": year,
                "total": total,
                "submitted": submitted,
                "scheme": scheme,
                "handovers": handovers,
                "new_orders": new_orders,
            },
            order=20,
        )
    ]


def regional_panels(request, region):
    new_orders = PackageOrder.objects.filter(
        package__provider_region=region, status=PackageOrder.Status.REQUESTED
    ).count()
    return [
        Panel("year/panel_regional.html", {"region": region, "new_orders": new_orders}, order=30)
    ]
