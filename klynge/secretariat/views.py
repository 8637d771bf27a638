from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import regional_view, secretariat_view
from klynge.clusters.models import Cluster, Post
from klynge.lib.panels import collect


def clusters_with_counts(queryset):
    """Clusters with their open member clinics and current coordinator, in two queries."""
    today = timezone.localdate()
    open_membership = Q(memberships__left__isnull=True) | Q(memberships__left__gt=today)
    clusters = list(
        queryset.select_related("scheme", "region")
        .annotate(clinic_count=Count("memberships", filter=open_membership, distinct=True))
        .order_by("name")
    )
    coordinators = {
        post.cluster_id: post
        for post in Post.objects.active(today)
        .filter(cluster__in=clusters, kind=Post.Kind.COORDINATOR)
        .select_related("person")
    }
    for cluster in clusters:
        cluster.coordinator = coordinators.get(cluster.pk)
    return clusters


@secretariat_view
def home(request, scheme):
    clusters = clusters_with_counts(Cluster.objects.of_scheme(scheme))
    return render(
        request,
        "secretariat/home.html",
        {
            "scheme": scheme,
            "clusters": clusters,
            "panels": collect("secretariat_panels", request, scheme),
            "breadcrumbs": [(_("Overblik"), "/"), (_("Sekretariat"), None)],
        },
    )


@regional_view
def region(request, region):
    """A regional quality unit sees the clusters in its region, without personal data."""
    clusters = clusters_with_counts(Cluster.objects.filter(region=region))
    return render(
        request,
        "secretariat/region.html",
        {
            "region": region,
            "clusters": clusters,
            "panels": collect("regional_panels", request, region),
            "breadcrumbs": [(_("Overblik"), "/"), (region.unit_name, None)],
        },
    )
