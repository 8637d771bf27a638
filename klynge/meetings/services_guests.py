"""Outside guests at a meeting (speaker, facilitator, guest): added at the door, listed on the
attendance page and the sign-in sheet, never counted for refunds or the absence rule."""

from klynge.clusters.audit import service
from klynge.meetings import lifecycle
from klynge.meetings.models import Guest, Meeting


@service
def add_guest(meeting: Meeting, name: str, organisation: str, role: str, *, by) -> Guest:
    """A guest came. Before the meeting has begun: `lifecycle.Refused`, and nothing changes."""
    lifecycle.require_started(meeting)
    return Guest.objects.create(
        meeting=meeting, name=name.strip(), organisation=organisation.strip(), role=role
    )


@service
def remove_guest(guest: Guest, *, by) -> None:
    """A guest added by mistake (the history keeps who removed them)."""
    lifecycle.require_started(guest.meeting)
    guest.delete()
