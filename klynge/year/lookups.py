"""Look-ups and breadcrumbs for the year pages."""

from django.urls import NoReverseMatch, reverse

from klynge.clusters.crumbs import cluster_crumbs


def safe_reverse_args(name: str, args) -> str:
    """A link to another app's page, or "" while that page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def year_crumbs(cluster, *trail):
    return cluster_crumbs(cluster, *trail)
