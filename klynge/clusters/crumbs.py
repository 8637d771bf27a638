"""Breadcrumbs for pages inside a cluster, shared by every app."""

from django.urls import reverse
from django.utils.translation import gettext as _


def cluster_crumbs(cluster, *trail):
    """Breadcrumbs for a page inside a cluster: overview › cluster › trail."""
    crumbs = [(_("Overblik"), reverse("dashboard"))]
    crumbs.append(
        (cluster.name, reverse("clusters:detail", args=[cluster.slug]) if trail else None)
    )
    return crumbs + list(trail)
