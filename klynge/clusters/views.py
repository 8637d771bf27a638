from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import READ, Role, cluster_view, public
from klynge.clusters.models import Cluster, Post
from klynge.lib.panels import collect
from klynge.members.models import Clinic, Person


def cluster_crumbs(cluster, *trail):
    """Breadcrumbs for a page inside a cluster: overview › cluster › trail."""
    from django.urls import reverse

    crumbs = [(_("Overblik"), reverse("dashboard"))]
    crumbs.append(
        (cluster.name, reverse("clusters:detail", args=[cluster.slug]) if trail else None)
    )
    return crumbs + list(trail)


@cluster_view(READ)
def detail(request, cluster):
    today = timezone.localdate()
    posts = Post.objects.active(today).filter(cluster=cluster).select_related("person")
    context = {
        "cluster": cluster,
        "roles": [Role.LABELS[role] for role in sorted(request.cluster_roles)],
        "clinic_count": Clinic.objects.active_in(cluster, today).count(),
        "people_count": Person.objects.members_of(cluster, today).count(),
        "posts": posts,
        "rules": cluster.rules_on(today),
        "panels": collect("cluster_panels", request, cluster),
        "breadcrumbs": cluster_crumbs(cluster),
    }
    return render(request, "clusters/detail.html", context)


@public
def directory(request):
    """The public list of clusters and, where they consented, their coordinators' contact.

    Nothing else about people is shown: no members, clinics or other posts. Without consent the
    scheme's secretariat is the way to reach the cluster (eKVIS passes requests on).
    """
    from klynge.clusters.models import Region, Scheme

    today = timezone.localdate()
    consenting = Post.objects.active(today).filter(
        kind=Post.Kind.COORDINATOR, directory_consent=True
    )
    schemes = list(Scheme.objects.order_by("name"))
    regions = list(Region.objects.order_by("name"))
    clusters = Cluster.objects.select_related("scheme", "region")
    chosen_scheme = request.GET.get("ordning", "")
    chosen_region = request.GET.get("region", "")
    if chosen_scheme in {s.code for s in schemes}:
        clusters = clusters.filter(scheme__code=chosen_scheme)
    if chosen_region in {r.code for r in regions}:
        clusters = clusters.filter(region__code=chosen_region)
    clusters = clusters.prefetch_related(
        Prefetch(
            "posts",
            queryset=consenting.select_related("person"),
            to_attr="public_coordinators",
        )
    ).order_by("scheme__name", "region__name", "name")
    response = render(
        request,
        "clusters/directory.html",
        {
            "clusters": clusters,
            "schemes": schemes,
            "regions": regions,
            "chosen_scheme": chosen_scheme,
            "chosen_region": chosen_region,
            "breadcrumbs": [(_("Klyngeoversigt"), None)],
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
