"""The cluster page links to the questionnaires (coordinator and board)."""

from klynge.clusters.access import MANAGE, can
from klynge.lib.panels import Panel


def cluster_panels(request, cluster):
    if not can(request, MANAGE):
        return []
    return [Panel("surveys/panel_cluster.html", {"cluster": cluster}, order=36)]
