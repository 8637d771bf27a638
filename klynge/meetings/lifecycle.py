"""The one way a meeting changes status (`move`), and the time guard other steps call.

Attendance, "held", minutes, claims (money calls `require_started`) and the attendance list to
the secretariat belong to the day of the meeting or after it: before the meeting has begun they
are refused with a Danish message saying why and what to do. The rules are in `rules.py`.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from klynge.clusters.audit import service
from klynge.meetings import rules
from klynge.meetings.models import Meeting


class Refused(ValidationError):
    """A step the meeting's life does not allow now; str() is the Danish reason."""

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


def meeting_has_started(meeting: Meeting, now: datetime | None = None) -> bool:
    return rules.has_started(meeting.start, now or timezone.now())


def not_started(meeting: Meeting, now: datetime | None = None) -> str:
    """Why what belongs to the day cannot be done yet (Danish), or '' once the meeting began."""
    reason = rules.not_started_reason(meeting.start, now or timezone.now())
    return "" if reason is None else str(reason)


def require_started(meeting: Meeting, now: datetime | None = None) -> None:
    """Raise `Refused` unless the meeting has begun (attendance, minutes, claims, lists)."""
    reason = rules.not_started_reason(meeting.start, now or timezone.now())
    if reason is not None:
        raise Refused(reason, code="not_started")


def refusal(meeting: Meeting, target: str, now: datetime | None = None) -> str | None:
    """Why the meeting may not move to `target` now (Danish), or None."""
    reason = rules.refusal(meeting.status, target, meeting.start, now or timezone.now())
    return None if reason is None else str(reason)


@service
def move(meeting: Meeting, target: str, *, by, now=None, reason: str = "") -> Meeting:
    """Move the meeting to `target` (a Meeting.Status), or raise `Refused` saying why not.

    The row is locked and read anew, so two people pressing at once move it once.
    """
    if meeting.status == target:
        return meeting
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.status == target:
        meeting.status = target
        return meeting
    why = rules.refusal(current.status, target, current.start, now or timezone.now())
    if why is not None:
        raise Refused(why, code="refused")
    current.status = target
    current.save(update_fields=["status"])
    meeting.status = target
    return meeting
