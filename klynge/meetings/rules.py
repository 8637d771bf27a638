"""A meeting's life as one state machine, as plain values (no database).

    planning → called → held → closed
        ↘        ↘
         cancelled

A meeting that was held earlier may be recorded after the fact: planning → held. "Held" may be
undone (held/closed → called) when it was marked by mistake. What happens on the day or after it
(attendance, "held", minutes, claims, the attendance list to the secretariat) waits until the
meeting has begun: `has_started`.
"""

from dataclasses import dataclass
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


# --- The meeting's cycle as steps ---------------------------------------------------------------

DONE, NEXT, OPEN, WAITING = "done", "next", "open", "waiting"

STEP_LABELS = {
    "date": _("Dato"),
    "invitation": _("Indkaldelse"),
    "answers": _("Svar"),
    "agenda": _("Dagsorden og materiale"),
    "attendance": _("Fremmøde"),
    "decisions": _("Beslutninger og opfølgning"),
    "list": _("Deltagerliste til sekretariatet"),
    "claim": _("Refusionskrav"),
}


@dataclass(frozen=True)
class MeetingFacts:
    """What is recorded about one meeting, as plain values."""

    status: str
    start: datetime | None
    poll_open: bool = False
    invited: int = 0
    unanswered: int = 0
    answer_deadline: datetime | None = None
    agenda_items: int = 0
    materials: int = 0
    materials_sent: bool = False
    decisions: int = 0
    actions: int = 0
    list_sent: bool = False
    claim: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    state: str
    # What the step asks for now, in words (e.g. "Vælg datoen", "3 har ikke svaret").
    action: str = ""

    @property
    def label(self):
        return STEP_LABELS[self.key]


def _cycle(f: MeetingFacts, now: datetime) -> list[tuple[str, bool, bool, str]]:
    """(key, done, may be done now, what to do) for each step in the cycle's order."""
    started = has_started(f.start, now)
    invited = f.invited > 0 or f.status in (CALLED, HELD, CLOSED)
    deadline_passed = f.answer_deadline is not None and f.answer_deadline <= now
    return [
        ("date", f.start is not None, True, _("Vælg datoen") if f.poll_open else _("Find en dato")),
        ("invitation", invited, f.start is not None, _("Indkald")),
        (
            "answers",
            invited and (f.unanswered == 0 or started),
            invited,
            _("Ring til dem, der ikke har svaret") if deadline_passed else _("Følg svarene"),
        ),
        (
            "agenda",
            f.materials_sent or started,
            True,
            _("Send dagsorden og materiale")
            if f.agenda_items or f.materials
            else _("Skriv dagsordenen"),
        ),
        ("attendance", f.status in (HELD, CLOSED), started, _("Registrér fremmødet")),
        ("decisions", bool(f.decisions or f.actions), started, _("Skriv beslutninger")),
        ("list", f.list_sent, started and f.status in (HELD, CLOSED), _("Send deltagerlisten")),
        ("claim", f.claim, started, _("Søg refusion")),
    ]


def meeting_steps(f: MeetingFacts, now: datetime) -> list[Step]:
    """The meeting's cycle: each step done, waiting (not possible yet), open, or the one next.

    The next step is the first one not done that can be done now; the answers come in by
    themselves, so following them is next only once the answer deadline has passed. A cancelled
    meeting has no steps."""
    if f.status == CANCELLED:
        return []
    steps = []
    chosen = False
    for key, done, possible, action in _cycle(f, now):
        if done:
            steps.append(Step(key, DONE))
            continue
        if not possible:
            steps.append(Step(key, WAITING, action))
            continue
        passive = key == "answers" and not (f.answer_deadline and f.answer_deadline <= now)
        if not chosen and not passive:
            chosen = True
            steps.append(Step(key, NEXT, action))
        else:
            steps.append(Step(key, OPEN, action))
    return steps


def next_step(steps: list[Step]) -> Step | None:
    return next((step for step in steps if step.state == NEXT), None)
