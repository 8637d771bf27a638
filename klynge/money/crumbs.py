"""Breadcrumbs for the money pages."""

from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.crumbs import cluster_crumbs


def money_crumbs(cluster, *trail):
    if not trail:
        return cluster_crumbs(cluster, (_("Økonomi"), None))
    return cluster_crumbs(
        cluster, (_("Økonomi"), reverse("money:overview", args=[cluster.slug])), *trail
    )
