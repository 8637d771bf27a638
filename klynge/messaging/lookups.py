"""Look-ups and breadcrumbs for the message and contact pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.crumbs import cluster_crumbs


def message_crumbs(cluster, *trail):
    crumbs = [(_("Beskeder"), reverse("messaging:list", args=[cluster.slug])), *trail]
    if not trail:
        crumbs[-1] = (crumbs[-1][0], None)
    return cluster_crumbs(cluster, *crumbs)


def contact_crumbs(cluster, *trail):
    crumbs = [(_("Kontakter"), reverse("messaging:contacts", args=[cluster.slug])), *trail]
    if not trail:
        crumbs[-1] = (crumbs[-1][0], None)
    return cluster_crumbs(cluster, *crumbs)


def get_message(cluster, pk):
    return get_object_or_404(cluster.messages_sent.select_related("meeting", "clinic"), pk=pk)


def get_contact(cluster, pk):
    return get_object_or_404(cluster.contacts, pk=pk)
