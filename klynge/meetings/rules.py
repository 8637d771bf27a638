"""A meeting's life as one state machine, as plain values (no database).

    planning → called → held → closed
        ↘        ↘
         cancelled

A meeting that was held earlier may be recorded after the fact: planning → held. "Held" may be
undone (held/closed → called) when it was marked by mistake. What happens on the day or after it
(attendance, "held", minutes, claims, the attendance list to the secretariat) waits until the
meeting has begun: `has_started`.
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

PLANNING, CALLED, HELD, CLOSED, CANCELLED = "planning", "called", "held", "closed", "cancelled"

# to: the statuses it may come from
STEPS: dict[str, tuple[str, ...]] = {
    CALLED: (PLANNING, HELD, CLOSED),
    HELD: (PLANNING, CALLED),
    CLOSED: (PLANNING, CALLED, HELD),
    CANCELLED: (PLANNING, CALLED),
}

# Steps that say the meeting took place: only once it has begun.
AFTER_START = frozenset({HELD, CLOSED})

NOT_STARTED = _("Mødet er ikke begyndt endnu. Var det holdt tidligere, så ret datoen først.")
NO_TIME = _("Mødet har ikke et tidspunkt endnu. Sæt datoen først.")
NOT_ALLOWED = _("Mødets status kan ikke ændres sådan.")


def has_started(start: datetime | None, now: datetime) -> bool:
    """Has the meeting begun? A meeting without a time has not."""
    return start is not None and start <= now


def not_started_reason(start: datetime | None, now: datetime):
    """Why something that belongs to the day or after it is refused now, or None."""
    if start is None:
        return NO_TIME
    if not has_started(start, now):
        return NOT_STARTED
    return None


def may_move(current: str, target: str) -> bool:
    return current in STEPS.get(target, ())


def refusal(current: str, target: str, start: datetime | None, now: datetime):
    """Why the meeting may not move from `current` to `target` now, or None if it may."""
    if not may_move(current, target):
        return NOT_ALLOWED
    if target in AFTER_START:
        return not_started_reason(start, now)
    if target == CALLED and start is None:
        return NO_TIME
    return None


def next_reminder_at(deadline: datetime | None, schedule: list[int], now: datetime):
    """When the next scheduled reminder goes out: the first moment `days` before the answer
    deadline (for each `days` of the cluster's schedule) that is still ahead, or None."""
    if deadline is None or now >= deadline:
        return None
    moments = sorted(deadline - timedelta(days=days) for days in schedule)
    return next((moment for moment in moments if moment > now), None)


# Materials go as attachments only up to this total: mail servers commonly refuse larger mails
# (and encoding adds a third), while a link always works.
ATTACH_LIMIT = 10 * 1024 * 1024


def may_attach(sizes: list[int]) -> bool:
    """May materials of these sizes (bytes) go as attachments? At least one, and ≤ 10 MB in all."""
    return bool(sizes) and sum(sizes) <= ATTACH_LIMIT
