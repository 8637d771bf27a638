"""When each deadline on the wheel of the year falls: plain functions over plain values (dates, day
counts from the rulebook and the cluster's rules), no database and no clock. The apps'
`deadlines.py` load the facts and ask these for the dates; `docs/rules.md` ("The wheel's due
dates") has them in words, `klynge/lib/tests/test_due.py` as tables.
"""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

# How many days ahead an open item counts as "soon" on the wheel.
SOON_DAYS = 14
# Klynge's own suggestions where neither rulebook nor task list fixes a day (shown as the source).
PRELIMINARY_BEFORE_PROPOSALS_DAYS = 14
PRELIMINARY_NOTICE_DAYS = 35
MINUTES_DAYS = 14
PAPERWORK_DAYS = 30
TERM_REMINDER_MONTHS = 3
ASSEMBLY_PLAN_DUE = (2, 1)
MEETINGS_PLANNED_DUE = (3, 31)
BUDGET_DUE = (1, 31)
ACCOUNTS_DUE = (3, 7)
ASSEMBLY_HONORARIA_DUE = (3, 31)
COORDINATOR_MEETING_DUE = (12, 31)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def on_day_of_year(template: date, year: int) -> date:
    """A rulebook date whose year is ignored (e.g. 31 January), in the given year; 29 February
    becomes the 28th in a common year."""
    last = calendar.monthrange(year, template.month)[1]
    return date(year, template.month, min(template.day, last))


def state(due: date, done: bool, today: date) -> str:
    """An item's state on `today`: done, overdue (the due day has passed), soon (due within
    SOON_DAYS, both days included) or upcoming."""
    if done:
        return "done"
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=SOON_DAYS):
        return "soon"
    return "upcoming"


def in_window(due: date, start: date, end: date) -> bool:
    """The wheel shows the items due in [start, end)."""
    return start <= due < end


# The coordinator's meetings (the cluster's rules in force on the meeting's day).


def answers_due(meeting_day: date, answer_deadline: date | None, answer_days: int) -> date:
    """Follow up on members who have not answered: the meeting's own answer deadline, else the
    cluster's rule (days before the meeting)."""
    if answer_deadline is not None:
        return answer_deadline
    return meeting_day - timedelta(days=answer_days)


def materials_due(meeting_day: date, materials_days: int) -> date:
    return meeting_day - timedelta(days=materials_days)


def paperwork_due(meeting_day: date) -> date:
    """The refund claim (eKVIS) or receipts and attendance list (KiAP) after a meeting."""
    return meeting_day + timedelta(days=PAPERWORK_DAYS)


def consent_due(meeting_day: date, consent_days: int) -> date:
    """A data package: ydernumre and the members' consent, the rulebook's days before the meeting."""
    return meeting_day - timedelta(days=consent_days)


# The year (the rulebook in force on 1 January).


def status_report_due(template: date, year: int) -> date:
    """The status report on last year, on the rulebook's day (its year ignored) of `year`."""
    return on_day_of_year(template, year)


def assembly_plan_due(year: int) -> date:
    return date(year, *ASSEMBLY_PLAN_DUE)


def meetings_planned_due(year: int) -> date:
    return date(year, *MEETINGS_PLANNED_DUE)


def meetings_target(per_year: int, rulebook_min: int) -> int:
    """The meetings a year the cluster plans: its own rule, but never fewer than the rulebook's."""
    return max(per_year, rulebook_min)


def coordinator_meeting_due(year: int) -> date:
    return date(year, *COORDINATOR_MEETING_DUE)


def budget_due(year: int) -> date:
    return date(year, *BUDGET_DUE)


def accounts_due(year: int, assembly_days: Iterable[date], notice_days: int) -> date:
    """Last year's accounts: 7 March, or earlier when they go out with the final notice of an
    assembly held in `year` (notice_days before it)."""
    due = date(year, *ACCOUNTS_DUE)
    for day in assembly_days:
        if day.year == year:
            due = min(due, day - timedelta(days=notice_days))
    return due


def honorarium_pay_day(year: int, period_start_month: int) -> date:
    """The last day of the honorarium period that ends in `year` (the day before its first month)."""
    return date(year, period_start_month, 1) - timedelta(days=1)


def assembly_honoraria_due(year: int) -> date:
    return date(year, *ASSEMBLY_HONORARIA_DUE)


# The general assembly.


def preliminary_notice_due(assembly_day: date, proposals_deadline: date | None) -> date:
    """The preliminary notice: two weeks before the members' deadline for proposals, else 35 days
    before the assembly (Klynge's suggestion)."""
    if proposals_deadline is not None:
        return proposals_deadline - timedelta(days=PRELIMINARY_BEFORE_PROPOSALS_DAYS)
    return assembly_day - timedelta(days=PRELIMINARY_NOTICE_DAYS)


def final_notice_due(assembly_day: date, notice_days: int) -> date:
    return assembly_day - timedelta(days=notice_days)


def assembly_minutes_due(assembly_day: date) -> date:
    return assembly_day + timedelta(days=MINUTES_DAYS)


def proposals_closed(proposals_deadline: date, today: date) -> bool:
    """Members may send proposals up to and including the deadline."""
    return today > proposals_deadline


# Terms of office.


def term_reminder_due(term_end: date) -> date:
    """Three months before a term ends: put the election on the assembly's agenda."""
    return add_months(term_end, -TERM_REMINDER_MONTHS)


def term_on_wheel(term_end: date | None, end: date | None) -> bool:
    """A term shows on the wheel when it has an end, unless the holder left before it."""
    return term_end is not None and (end is None or end >= term_end)
