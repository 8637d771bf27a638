"""The wheel's due dates, as the rulebook and the task lists say them (docs/rules.md, "The wheel's
due dates"). No database: plain dates in, a date out. The property tests compute the answer another
way (by ordinal days, by stepping month by month, by trying the day and stepping back)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import due

D = date


# ---- The meeting: answers, materials, data-package consent, paperwork --------------------------


@pytest.mark.parametrize(
    ("meeting", "own_deadline", "rule_days", "expected", "rule"),
    [
        (D(2026, 3, 10), None, 7, D(2026, 3, 3), "7 days before by the cluster's rules"),
        (D(2026, 3, 10), None, 14, D(2026, 2, 24), "14 days, across the month"),
        (D(2026, 3, 10), None, 0, D(2026, 3, 10), "0 days: on the day"),
        (D(2027, 1, 5), None, 10, D(2026, 12, 26), "across the new year"),
        (D(2026, 3, 10), D(2026, 3, 6), 7, D(2026, 3, 6), "the meeting's own deadline wins"),
        (D(2026, 3, 10), D(2026, 2, 1), 7, D(2026, 2, 1), "even when earlier than the rule"),
    ],
)
def test_follow_up_on_answers(meeting, own_deadline, rule_days, expected, rule):
    assert due.answers_due(meeting, own_deadline, rule_days) == expected, rule


@pytest.mark.parametrize(
    ("meeting", "days", "expected"),
    [
        (D(2026, 3, 10), 3, D(2026, 3, 7)),
        (D(2026, 3, 1), 1, D(2026, 2, 28)),
        (D(2028, 3, 1), 1, D(2028, 2, 29)),
        (D(2026, 3, 10), 0, D(2026, 3, 10)),
    ],
)
def test_materials_go_out_the_rules_days_before(meeting, days, expected):
    assert due.materials_due(meeting, days) == expected


@pytest.mark.parametrize(
    ("meeting", "days", "expected"),
    [
        (D(2026, 5, 1), 60, D(2026, 3, 2)),
        (D(2026, 3, 1), 60, D(2025, 12, 31)),
        (D(2028, 3, 1), 60, D(2028, 1, 1)),
        (D(2026, 5, 1), 45, D(2026, 3, 17)),
    ],
)
def test_data_package_consent_the_rulebooks_days_before(meeting, days, expected):
    assert due.consent_due(meeting, days) == expected


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        (D(2026, 3, 10), D(2026, 4, 9)),
        (D(2026, 12, 15), D(2027, 1, 14)),
        (D(2028, 2, 1), D(2028, 3, 2)),
        (D(2026, 2, 1), D(2026, 3, 3)),
    ],
)
def test_the_claim_or_attendance_list_30_days_after_the_meeting(meeting, expected):
    assert due.paperwork_due(meeting) == expected


# ---- The year, by the rulebook in force on 1 January ---------------------------------------------


@pytest.mark.parametrize(
    ("template", "year", "expected"),
    [
        (D(2000, 1, 31), 2027, D(2027, 1, 31)),
        (D(2000, 2, 29), 2027, D(2027, 2, 28)),
        (D(2000, 2, 29), 2028, D(2028, 2, 29)),
        (D(1999, 12, 31), 2026, D(2026, 12, 31)),
        (D(2000, 4, 30), 2026, D(2026, 4, 30)),
    ],
)
def test_the_status_report_on_the_rulebooks_day_of_the_year(template, year, expected):
    assert due.status_report_due(template, year) == expected
    assert due.on_day_of_year(template, year) == expected


@pytest.mark.parametrize(
    ("deadline", "year", "expected"),
    [
        (due.assembly_plan_due, 2027, D(2027, 2, 1)),
        (due.meetings_planned_due, 2027, D(2027, 3, 31)),
        (due.coordinator_meeting_due, 2027, D(2027, 12, 31)),
        (due.budget_due, 2027, D(2027, 1, 31)),
        (due.assembly_honoraria_due, 2027, D(2027, 3, 31)),
        (due.assembly_plan_due, 2028, D(2028, 2, 1)),
    ],
)
def test_fixed_days_of_the_task_lists(deadline, year, expected):
    assert deadline(year) == expected


@pytest.mark.parametrize(
    ("per_year", "rulebook_min", "target"),
    [(4, 2, 4), (2, 2, 2), (1, 2, 2), (0, 3, 3), (6, 0, 6)],
)
def test_meetings_to_plan_are_the_clusters_rule_but_not_below_the_rulebook(
    per_year, rulebook_min, target
):
    assert due.meetings_target(per_year, rulebook_min) == target


@pytest.mark.parametrize(
    ("year", "assemblies", "notice", "expected", "rule"),
    [
        (2027, [], 14, D(2027, 3, 7), "no assembly: 7 March"),
        (2027, [D(2027, 3, 15)], 14, D(2027, 3, 1), "with the final notice 14 days before"),
        (2027, [D(2027, 3, 21)], 14, D(2027, 3, 7), "notice on 7 March: the same day"),
        (2027, [D(2027, 3, 22)], 14, D(2027, 3, 7), "a later assembly does not move it"),
        (2027, [D(2027, 4, 20), D(2027, 3, 10)], 21, D(2027, 2, 17), "the earliest notice"),
        (2027, [D(2026, 12, 1)], 14, D(2027, 3, 7), "last year's assembly does not count"),
        (2027, [D(2028, 1, 10)], 14, D(2027, 3, 7), "next year's assembly does not count"),
    ],
)
def test_last_years_accounts(year, assemblies, notice, expected, rule):
    assert due.accounts_due(year, assemblies, notice) == expected, rule


@pytest.mark.parametrize(
    ("year", "start_month", "expected"),
    [
        (2027, 4, D(2027, 3, 31)),
        (2027, 1, D(2026, 12, 31)),
        (2028, 3, D(2028, 2, 29)),
        (2027, 3, D(2027, 2, 28)),
        (2027, 7, D(2027, 6, 30)),
    ],
)
def test_the_honorarium_is_paid_on_the_periods_last_day(year, start_month, expected):
    assert due.honorarium_pay_day(year, start_month) == expected


# ---- The general assembly -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assembly", "proposals", "expected", "rule"),
    [
        (D(2027, 3, 15), D(2027, 2, 28), D(2027, 2, 14), "two weeks before the proposals"),
        (D(2027, 3, 15), D(2027, 1, 10), D(2026, 12, 27), "across the new year"),
        (D(2027, 3, 15), None, D(2027, 2, 8), "no deadline for proposals: 35 days before"),
        (D(2028, 3, 15), None, D(2028, 2, 9), "35 days in a leap year"),
    ],
)
def test_the_preliminary_notice(assembly, proposals, expected, rule):
    assert due.preliminary_notice_due(assembly, proposals) == expected, rule


@pytest.mark.parametrize(
    ("assembly", "notice", "expected"),
    [
        (D(2027, 3, 15), 14, D(2027, 3, 1)),
        (D(2027, 3, 15), 21, D(2027, 2, 22)),
        (D(2027, 3, 15), 0, D(2027, 3, 15)),
    ],
)
def test_the_final_agenda_the_rulebooks_days_before(assembly, notice, expected):
    assert due.final_notice_due(assembly, notice) == expected


@pytest.mark.parametrize(
    ("assembly", "expected"),
    [(D(2027, 3, 15), D(2027, 3, 29)), (D(2027, 12, 20), D(2028, 1, 3))],
)
def test_the_minutes_14_days_after(assembly, expected):
    assert due.assembly_minutes_due(assembly) == expected


@pytest.mark.parametrize(
    ("today", "closed"),
    [(D(2027, 2, 27), False), (D(2027, 2, 28), False), (D(2027, 3, 1), True)],
)
def test_proposals_are_open_up_to_and_including_the_deadline(today, closed):
    assert due.proposals_closed(D(2027, 2, 28), today) is closed


# ---- Terms of office ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term_end", "reminder"),
    [
        (D(2027, 6, 30), D(2027, 3, 30)),
        (D(2027, 5, 31), D(2027, 2, 28)),
        (D(2028, 5, 31), D(2028, 2, 29)),
        (D(2027, 2, 15), D(2026, 11, 15)),
        (D(2027, 3, 31), D(2026, 12, 31)),
    ],
)
def test_three_months_before_a_term_ends(term_end, reminder):
    assert due.term_reminder_due(term_end) == reminder


@pytest.mark.parametrize(
    ("term_end", "left", "shown", "rule"),
    [
        (None, None, False, "no term end: nothing to remind of"),
        (None, D(2027, 1, 1), False, "no term end, left"),
        (D(2027, 6, 30), None, True, "still in the post"),
        (D(2027, 6, 30), D(2027, 6, 30), True, "leaves on the term's last day"),
        (D(2027, 6, 30), D(2027, 7, 31), True, "stays on after the term"),
        (D(2027, 6, 30), D(2027, 6, 29), False, "left before the term ended"),
    ],
)
def test_which_terms_are_on_the_wheel(term_end, left, shown, rule):
    assert due.term_on_wheel(term_end, left) is shown, rule


# ---- The wheel's states and window --------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "done", "today", "state"),
    [
        (D(2027, 3, 1), True, D(2027, 4, 1), "done"),
        (D(2027, 3, 1), True, D(2027, 1, 1), "done"),
        (D(2027, 3, 1), False, D(2027, 3, 2), "overdue"),
        (D(2027, 3, 1), False, D(2027, 3, 1), "soon"),
        (D(2027, 3, 15), False, D(2027, 3, 1), "soon"),
        (D(2027, 3, 16), False, D(2027, 3, 1), "upcoming"),
        (D(2027, 12, 31), False, D(2027, 3, 1), "upcoming"),
    ],
)
def test_state_on_a_day(due_on, done, today, state):
    assert due.state(due_on, done, today) == state


@pytest.mark.parametrize(
    ("due_on", "inside"),
    [
        (D(2026, 12, 31), False),
        (D(2027, 1, 1), True),
        (D(2027, 6, 30), True),
        (D(2027, 12, 31), True),
        (D(2028, 1, 1), False),
    ],
)
def test_the_window_holds_its_first_day_not_its_end(due_on, inside):
    assert due.in_window(due_on, D(2027, 1, 1), D(2028, 1, 1)) is inside


# ---- Properties, each against an oracle that works another way ----------------------------------

days = st.dates(min_value=D(2001, 1, 1), max_value=D(2098, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def last_valid_day(year: int, month: int, day: int) -> date:
    """Try the day, step back until it exists (no calendar module)."""
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def month_steps(day: date, months: int) -> date:
    """Walk month by month, one at a time."""
    year, month = day.year, day.month
    step = 1 if months >= 0 else -1
    for _ in range(abs(months)):
        month += step
        if month == 13:
            year, month = year + 1, 1
        if month == 0:
            year, month = year - 1, 12
    return last_valid_day(year, month, day.day)


@given(days, st.integers(min_value=-30, max_value=30))
def test_add_months_walks_month_by_month(day, months):
    assert due.add_months(day, months) == month_steps(day, months)


@given(days)
def test_the_term_reminder_is_three_months_back(term_end):
    assert due.term_reminder_due(term_end) == month_steps(term_end, -3)


@given(days, st.integers(min_value=2001, max_value=2098))
def test_a_day_of_the_year_exists_or_is_the_months_last(template, year):
    assert due.on_day_of_year(template, year) == last_valid_day(year, template.month, template.day)


@given(days, counts)
def test_days_before_and_after_are_counted_in_days(day, n):
    ordinal = day.toordinal()
    assert due.materials_due(day, n).toordinal() == ordinal - n
    assert due.consent_due(day, n).toordinal() == ordinal - n
    assert due.final_notice_due(day, n).toordinal() == ordinal - n
    assert due.answers_due(day, None, n).toordinal() == ordinal - n
    assert due.paperwork_due(day).toordinal() == ordinal + 30
    assert due.assembly_minutes_due(day).toordinal() == ordinal + 14
    assert due.preliminary_notice_due(day, None).toordinal() == ordinal - 35


@given(days, days)
def test_state_by_counting_days(due_on, today):
    gap = due_on.toordinal() - today.toordinal()
    expected = "overdue" if gap < 0 else "soon" if gap <= 14 else "upcoming"
    assert due.state(due_on, False, today) == expected
    assert due.state(due_on, True, today) == "done"


@given(st.integers(min_value=2001, max_value=2098), st.lists(days, max_size=4), counts)
def test_accounts_are_due_by_the_earliest_of_7_march_and_the_years_notices(year, days_, notice):
    candidates = [D(year, 3, 7)] + [d - timedelta(days=notice) for d in days_ if d.year == year]
    assert due.accounts_due(year, days_, notice) == sorted(candidates)[0]


@given(st.integers(min_value=2001, max_value=2098), st.integers(min_value=1, max_value=12))
def test_the_pay_day_is_followed_by_the_periods_first_day(year, month):
    pay_day = due.honorarium_pay_day(year, month)
    assert pay_day + timedelta(days=1) == D(year, month, 1)
