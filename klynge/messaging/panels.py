"""The cluster page links to the messages and the outside contacts."""

from klynge.clusters.access import MANAGE, STAFF_READ, can
from klynge.lib.panels import Panel


def cluster_panels(request, cluster):
    if not can(request, STAFF_READ):
        return []
    context = {"cluster": cluster, "manage": can(request, MANAGE)}
    return [Panel("messaging/panel_cluster.html", context, order=35)]
