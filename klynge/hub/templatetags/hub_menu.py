"""The cluster's sections in the top menu: on a cluster's pages that cluster, on the dashboard
the user's one cluster (no queries: the roles are already known)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.clusters.access import COORDINATE, MANAGE, READ, STAFF_READ
from klynge.clusters.models import Cluster

register = template.Library()

# (label, URL name, roles that may open it); the order is the coordinator's year.
SECTIONS = [
    (_("Klyngen"), "clusters:detail", READ),
    (_("Møder"), "meetings:list", READ),
    (_("Medlemmer"), "members:list", READ),
    (_("Økonomi"), "money:overview", STAFF_READ),
    (_("Årshjul"), "year:wheel", STAFF_READ),
    (_("Statusrapport"), "year:reports", STAFF_READ),
    (_("Generalforsamling"), "year:assemblies", MANAGE),
    (_("Overdragelse"), "year:handover", COORDINATE),
]


def sections(cluster, roles, path: str) -> list[dict]:
    found = []
    for label, name, allowed in SECTIONS:
        if roles & allowed:
            url = reverse(name, args=[cluster.slug])
            current = path == url if name == "clusters:detail" else path.startswith(url)
            found.append({"label": label, "url": url, "current": current})
    return found


@register.inclusion_tag("hub/_cluster_menu.html", takes_context=True)
def cluster_menu(context):
    request = context.get("request")
    cluster = context.get("menu_cluster") or context.get("cluster")
    roles = context.get("menu_roles") or getattr(request, "cluster_roles", None)
    if request is None or not isinstance(cluster, Cluster) or not roles:
        return {"sections": []}
    return {"cluster": cluster, "sections": sections(cluster, roles, request.path)}
