"""Look-ups and breadcrumbs for meeting pages: a meeting of the cluster, and who runs it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, can, person_of
from klynge.clusters.crumbs import cluster_crumbs
from klynge.meetings.models import Meeting


def get_meeting(cluster, pk) -> Meeting:
    return get_object_or_404(
        cluster.meetings.select_related("chair", "cluster", "cluster__scheme"), pk=pk
    )


def runs_meeting(request, meeting) -> bool:
    """Board and coordinator run every meeting; a member the coordinator made chair runs that one
    (records attendance, decisions and minutes)."""
    if can(request, MANAGE):
        return True
    person = person_of(request.user)
    return person is not None and meeting.chair_id == person.pk


def get_run_meeting(request, cluster, pk) -> Meeting:
    meeting = get_meeting(cluster, pk)
    if not runs_meeting(request, meeting):
        raise PermissionDenied
    return meeting


def meeting_crumbs(cluster, meeting=None, *trail):
    crumbs = [(_("Møder"), reverse("meetings:list", args=[cluster.slug]))]
    if meeting is not None:
        crumbs.append((meeting.title, reverse("meetings:detail", args=[cluster.slug, meeting.pk])))
    crumbs += list(trail)
    if not trail:
        crumbs[-1] = (crumbs[-1][0], None)
    return cluster_crumbs(cluster, *crumbs)
