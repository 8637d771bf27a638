"""Fetching a scheme event, its invitations and their counts for the pages; breadcrumbs."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.events import tokens
from klynge.events.models import EventInvitation, SchemeEvent
from klynge.meetings.models import Invitation


def event_of(scheme, pk: int) -> SchemeEvent:
    return get_object_or_404(SchemeEvent.objects.select_related("scheme"), scheme=scheme, pk=pk)


def events_of(scheme, limit: int = 200) -> list[SchemeEvent]:
    """The scheme's events, newest first, with their counts (one query)."""
    answers, attendance = Invitation.Answer, Invitation.Attendance
    return list(
        SchemeEvent.objects.filter(scheme=scheme)
        .annotate(
            invited=Count("invitations"),
            yes=Count("invitations", filter=Q(invitations__answer=answers.YES)),
            no=Count("invitations", filter=Q(invitations__answer=answers.NO)),
            present=Count("invitations", filter=Q(invitations__attendance=attendance.PRESENT)),
        )
        .order_by("-start", "-pk")[:limit]
    )


def invitations_of(event) -> list[EventInvitation]:
    return list(event.invitations.select_related("person", "cluster").order_by("person__name"))


def counts(invitations) -> dict[str, int]:
    found = {"invited": len(invitations), "yes": 0, "no": 0, "none": 0, "present": 0}
    for invitation in invitations:
        found[invitation.answer] = found.get(invitation.answer, 0) + 1
        found["present"] += invitation.attendance == Invitation.Attendance.PRESENT
    return found


def by_token(scheme_event: int, token: str) -> tuple[EventInvitation | None, str]:
    """(the invitation, "") for a good link, else (None, why: tampered, expired or foreign)."""
    try:
        data = tokens.read(token, scheme_event)
    except tokens.BadLink as exc:
        return None, exc.reason
    invitation = (
        EventInvitation.objects.select_related("event__scheme", "person", "cluster")
        .filter(event_id=scheme_event, pk=data.get("i"), person_id=data.get("p"))
        .first()
    )
    return (invitation, "") if invitation else (None, "foreign")


def crumbs(scheme, *trail):
    return [
        (_("Overblik"), "/"),
        (_("Arrangementer"), reverse("events:list", args=[scheme.code]) if trail else None),
        *trail,
    ]
