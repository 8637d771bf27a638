"""Small builders for the events tests and the access matrix."""

from datetime import timedelta

from django.utils import timezone

from klynge.events import services
from klynge.events.models import EventInvitation


def make_event(scheme, days=30, **fields):
    fields.setdefault("title", "Koordinatortræf")
    start = timezone.now() + timedelta(days=days)
    return services.create_event(
        scheme, by=None, start=start, end=start + timedelta(hours=5), **fields
    )


def invitation_for(event, person, cluster, role="coordinator"):
    invitation, _ = EventInvitation.objects.get_or_create(
        event=event, person=person, defaults={"cluster": cluster, "role": role}
    )
    return invitation
