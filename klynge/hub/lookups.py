"""What the cluster page shows of the cluster itself, read from the cache (klynge/lib/derived.py);
the secretariat's and the regional unit's list of clusters, a page at a time."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from klynge.clusters.models import (
    Clinic,
    Cluster,
    ClusterMembership,
    Person,
    Post,
    Scheme,
    membership_on,
)
from klynge.lib import derived, pages

# Clusters on a page of the secretariat's or the regional unit's list.
CLUSTERS_PER_PAGE = 50


def cluster_facts(cluster, today) -> dict:
    """The member clinics and the people working in them (counts), the rules in force and the
    posts held, on `today`: from the cache while the cluster's inputs are unchanged
    (klynge/clusters/derived.py), by the day."""

    def compute(missing):
        found = {}
        for c in missing:
            rules = c.rules_on(today)
            found[c.pk] = {
                "clinic_count": Clinic.objects.active_in(c, today).count(),
                "people_count": Person.objects.members_of(c, today).count(),
                # The two the page shows (an unsaved default would bring its cluster along).
                "rules": {
                    "meetings_per_year": rules.meetings_per_year,
                    "max_absences": rules.max_absences,
                },
                "posts": list(
                    Post.objects.active(today).filter(cluster=c).select_related("person")
                ),
            }
        return found

    return derived.cached("cluster_facts", [cluster], (today.isoformat(),), compute)[cluster.pk]


@dataclass
class ClusterPage:
    page: Page  # its clusters carry `clinic_count`, `coordinator_name` and `coordinator_pk`
    query: str  # the search the page links keep
    total: int  # every cluster of the list, searched or not
    searched: bool
    regions: list[tuple[str, str]]  # (code, name) of the regions the list's clusters lie in
    coordinators: list = field(default_factory=list)  # the people shown, once each


def cluster_page(request, clusters, today, q: str = "", region: str = "") -> ClusterPage:
    """The page of `clusters` (a queryset) the request asks for: those whose name holds `q` (in
    any case) in `region` (a code; one the list has no cluster in is left out). The open member
    clinics and the coordinator are read for that page's clusters only. Queries: the clusters
    counted by region (1: the total, the matches, the regions to offer) and the page (1)."""
    tally = (
        clusters.order_by()
        .values_list("region__code", "region__name")
        .annotate(n=Count("pk"), hits=Count("pk", filter=Q(name__folded=q) if q else None))
        .order_by("region__name")
    )
    regions = {code: (name, n, hits) for code, name, n, hits in tally}
    region = region if region in regions else ""
    found = clusters.filter(name__folded=q) if q else clusters
    if region:
        found = found.filter(region__code=region)
    matches = sum(hits for code, (_, _, hits) in regions.items() if code == region or not region)
    ids = found.order_by("name", "pk").values("pk")
    paged = pages.paged(request, ids, CLUSTERS_PER_PAGE, count=matches)
    page = paged.page
    page.object_list = shown = list(with_clinics_and_coordinator(page.object_list, today))
    people = {
        c.coordinator_pk: Person(pk=c.coordinator_pk, name=c.coordinator_name)
        for c in shown
        if c.coordinator_pk
    }
    return ClusterPage(
        page=page,
        query=paged.query,
        total=sum(n for _, n, _ in regions.values()),
        searched=bool(q or region),
        regions=[(code, name) for code, (name, _, _) in regions.items()],
        coordinators=list(people.values()),
    )


def with_clinics_and_coordinator(ids, today):
    """The clusters `ids` (a page's subquery) with their open member clinics and their current
    coordinator (the latest to take the post), in one query that reads only those clusters."""
    clinics = (
        ClusterMembership.objects.filter(membership_on(today), cluster=OuterRef("pk"))
        .order_by()
        .values("cluster")
        .annotate(n=Count("pk"))
        .values("n")
    )
    coordinator = (
        Post.objects.active(today)
        .filter(cluster=OuterRef("pk"), kind=Post.Kind.COORDINATOR)
        .order_by("-start", "-pk")
    )
    return (
        Cluster.objects.filter(pk__in=ids)
        .select_related("region")
        .annotate(
            clinic_count=Coalesce(Subquery(clinics), 0),
            coordinator_pk=Subquery(coordinator.values("person_id")[:1]),
            coordinator_name=Subquery(coordinator.values("person__name")[:1]),
        )
        .order_by("name", "pk")
    )


def secretariat_desk(user) -> Scheme | None:
    """The scheme the user is the secretariat of, with its number of clusters (one query)."""
    if not user.secretariat_of_id:
        return None
    schemes = Scheme.objects.filter(pk=user.secretariat_of_id)
    return schemes.annotate(cluster_count=Count("clusters")).first()
