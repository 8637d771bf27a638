"""Scheme events on the dashboard of the invited (with their personal answer link) and the way
to them from the secretariat's start page."""

from datetime import timedelta

from django.utils import timezone

from klynge.clusters.access import Role, person_of
from klynge.events.models import EventInvitation, SchemeEvent
from klynge.events.services import answer_url
from klynge.lib.panels import Panel

POST_HOLDERS = {Role.COORDINATOR, Role.BOARD}


def dashboard_panels(request, clusters):
    """Coordinators and board members: the events they are invited to, from yesterday on."""
    if not any(roles & POST_HOLDERS for _cluster, roles in clusters):
        return []
    person = person_of(request.user)
    if person is None:
        return []
    since = timezone.now() - timedelta(days=1)
    rows = [
        (invitation, answer_url(invitation))
        for invitation in EventInvitation.objects.filter(
            person=person, event__start__gte=since, event__status=SchemeEvent.Status.CALLED
        )
        .select_related("event__scheme")
        .order_by("event__start")
    ]
    if not rows:
        return []
    return [Panel("events/panel_dashboard.html", {"rows": rows}, order=12)]


def secretariat_panels(request, scheme):
    return [Panel("events/panel_secretariat.html", {"scheme": scheme}, order=8)]
