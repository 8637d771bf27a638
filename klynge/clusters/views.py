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
    """The public list of clusters and, where they consented, their coordinators' contact."""
    today = timezone.localdate()
    consenting = Post.objects.active(today).filter(
        kind=Post.Kind.COORDINATOR, directory_consent=True
    )
    clusters = (
        Cluster.objects.select_related("scheme", "region")
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=consenting.select_related("person"),
                to_attr="public_coordinators",
            )
        )
        .order_by("scheme__name", "region__name", "name")
    )
    response = render(
        request,
        "clusters/directory.html",
        {"clusters": clusters, "breadcrumbs": [(_("Klyngeoversigt"), None)]},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
