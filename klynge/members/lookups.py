"""Breadcrumbs for the member pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.crumbs import cluster_crumbs


def list_crumbs(cluster, *trail):
    return cluster_crumbs(
        cluster, (_("Medlemmer"), reverse("members:list", args=[cluster.slug])), *trail
    )
