"""What on the secretariat's overview needs action: pure rules over one cluster's figures."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

TERM_WARNING = timedelta(days=60)


@dataclass(frozen=True)
class Figures:
    """One cluster's figures on the day, as the overview gathers them."""

    has_coordinator: bool
    term_end: date | None
    meetings_held: int
    meetings_rule: int
    claims_waiting: int
    report_submitted: bool
    january_checked: bool | None  # None: the scheme has no January check
    handover_pending: bool
    question_waiting: bool = False


def meetings_due_by(rule: int, today: date) -> int:
    """Meetings a cluster should have held by the start of today's month, pro rata."""
    return rule * (today.month - 1) // 12


def flags(figures: Figures, today: date, report_due: date, check_due: date | None) -> list[str]:
    """What needs the secretariat's attention, in Danish, most urgent first.

    `report_due` and `check_due` are this year's deadlines for last year's status report and the
    January check of ydernumre.
    """
    found = []
    if not figures.has_coordinator:
        found.append(_("Ingen koordinator"))
    elif figures.term_end is not None and figures.term_end <= today + TERM_WARNING:
        found.append(_("Koordinatorens valgperiode udløber"))
    if figures.claims_waiting:
        found.append(_("Refusionskrav venter"))
    if figures.question_waiting:
        found.append(_("Spørgsmål venter på svar"))
    if today > report_due and not figures.report_submitted:
        found.append(_("Statusrapport mangler"))
    if check_due is not None and figures.january_checked is False and today > check_due:
        found.append(_("Januartjek mangler"))
    if figures.meetings_held < meetings_due_by(figures.meetings_rule, today):
        found.append(_("Færre møder end klyngens regler"))
    if figures.handover_pending:
        found.append(_("Koordinatorskifte på vej"))
    return [str(flag) for flag in found]
