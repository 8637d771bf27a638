"""The money sections on the cluster page, the dashboard, the profile and the secretariat's page.
Each function uses a constant number of queries."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from klynge.clusters.access import MANAGE, STAFF_READ, Role
from klynge.clusters.models import Post
from klynge.lib import derived
from klynge.lib.panels import Panel, Tally
from klynge.money import honoraria, lookups
from klynge.money.models import Claim


def cluster_panels(request, cluster):
    roles = getattr(request, "cluster_roles", frozenset())
    today = timezone.localdate()
    context = {
        "cluster": cluster,
        "year": today.year,
        "staff": bool(roles & STAFF_READ),
        "manage": bool(roles & MANAGE),
    }
    if context["staff"]:
        context.update(claims_and_period(cluster, today))
        if not cluster.scheme.is_specialist:
            context["account"] = lookups.account_statuses([cluster], today.year)[cluster.pk]
    return [Panel("money/panel_cluster.html", context, order=40)]


def claims_and_period(cluster, today) -> dict:
    return claims_of([cluster], today)[cluster.pk]


def claims_of(clusters, today) -> dict[int, dict]:
    """Each cluster's claims in draft and submitted, and the honorarium period's year: from the cache while
    the cluster's inputs are unchanged (klynge/clusters/derived.py), by the day."""

    def compute(missing):
        found = {}
        for c in missing:
            found[c.pk] = c.claims.aggregate(
                draft=Count("pk", filter=Q(status__in=Claim.EDITABLE)),
                submitted=Count("pk", filter=Q(status=Claim.Status.SUBMITTED)),
            )
            found[c.pk]["period_year"] = honoraria.current_period_year(c.scheme, today)
        return found

    return derived.cached("money_panel", clusters, (today.isoformat(),), compute)


def dashboard_panels(request, clusters):
    """The KiAP account balance and claims needing attention, for clusters the user manages."""
    managed = [cluster for cluster, roles in clusters if roles & MANAGE]
    if not managed:
        return []
    today = timezone.localdate()
    # The counts the cluster page caches (by the day; no query while the claims are unchanged).
    counts = claims_of(managed, today)
    kiap = [cluster for cluster in managed if not cluster.scheme.is_specialist]
    accounts = lookups.account_statuses(kiap, today.year)
    rows = [(cluster, counts.get(cluster.pk, {}), accounts.get(cluster.pk)) for cluster in managed]
    return [Panel("money/panel_dashboard.html", {"rows": rows, "year": today.year}, order=40)]


def secretariat_panels(request, scheme):
    """The claims waiting for a decision and for payment (tallies: counted with the page's)."""
    claims = Claim.objects.filter(cluster__scheme=scheme)
    return [
        Panel(
            "money/panel_secretariat.html",
            {
                "submitted": Tally(claims.filter(status=Claim.Status.SUBMITTED)),
                "approved": Tally(claims.filter(status=Claim.Status.APPROVED)),
                "period_year": honoraria.current_period_year(scheme),
            },
            order=20,
        )
    ]


def profile_panels(request, person):
    """The person's own honorarium shares in the current period (nobody else's)."""
    if person is None:
        return []
    today = timezone.localdate()
    cluster_ids = set(
        Post.objects.filter(
            Q(end__isnull=True) | Q(end__gte=today - timedelta(days=400)),
            person=person,
            kind__in=[Post.Kind.COORDINATOR, Post.Kind.BOARD],
        ).values_list("cluster_id", flat=True)
    )
    if not cluster_ids:
        return []
    from klynge.clusters.models import Cluster

    clusters = list(Cluster.objects.filter(pk__in=cluster_ids).select_related("scheme"))
    rows = []
    for scheme in {c.scheme for c in clusters}:
        year = honoraria.current_period_year(scheme, today)
        start, end = honoraria.honorarium_period(scheme, year)
        own = [c for c in clusters if c.scheme_id == scheme.pk]
        rows += [
            (row, start, end)
            for row in honoraria.honoraria(own, start)
            if row.person.pk == person.pk
        ]
    if not rows:
        return []
    return [Panel("money/panel_profile.html", {"rows": rows, "role": Role.COORDINATOR}, order=40)]
