"""Look-ups and breadcrumbs for the year pages."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from klynge.clusters.crumbs import cluster_crumbs
from klynge.year.models import Assembly


def safe_reverse_args(name: str, args) -> str:
    """A link to another app's page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def year_crumbs(cluster, *trail):
    return cluster_crumbs(cluster, *trail)


def catalogue_for(cluster):
    """The packages a cluster may order: its scheme's and its region's, while offered."""
    from klynge.year.models import Package

    return Package.objects.filter(
        Q(provider_scheme=cluster.scheme_id) | Q(provider_region=cluster.region_id), active=True
    ).select_related("provider_scheme", "provider_region")


def get_assembly(cluster, pk) -> Assembly:
    return get_object_or_404(
        Assembly.objects.select_related("meeting", "meeting__cluster__scheme"),
        pk=pk,
        meeting__cluster=cluster,
    )
