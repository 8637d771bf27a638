"""The money rules at their edges (docs/rules.md): the whole result of a refund, not only its amount;
meetings given out of date order; a tenure ending on the 1st; periods shorter than a year; and the
honorarium's months checked against an oracle that reads the dates itself."""

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klynge.money import rules
from klynge.money.rules import CateringRefund, Tenure

RATE, OUTSIDE = D("500.00"), D("750.00")
APRIL = date(2026, 4, 1)


# --- Room and catering: every field of the result ------------------------------------------------


@pytest.mark.parametrize(
    ("venue", "rate", "number", "expected", "why"),
    [
        (
            "virtual", RATE, 2,
            CateringRefund("virtual", 9, None, D("1200.00"), D("0"), D("0"), 2, 4),
            "virtual: no rate, no cap, nothing refunded; its number and the limit kept",
        ),
        (
            "clinic", None, 3,
            CateringRefund("clinic", 9, None, D("1200.00"), None, D("1200.00"), 3, 4),
            "no rate in the rulebook (KiAP): the documented cost, no cap",
        ),
        (
            "outside", RATE, 5,
            CateringRefund("outside", 9, D("750.00"), D("1200.00"), D("6750.00"), D("0"), 5, 4),
            "the 5th: the cap is shown, nothing refunded",
        ),
    ],
)  # fmt: skip
def test_the_whole_refund(venue, rate, number, expected, why):
    result = rules.catering_refund(
        venue_type=venue, specialists_present=9, documented=D("1200"), rate=rate,
        rate_outside=OUTSIDE, meeting_number=number, refundable_meetings=4,
    )  # fmt: skip
    assert result == expected, why


def test_a_negative_count_of_specialists_is_refused_with_its_reason():
    with pytest.raises(ValueError, match="^specialists_present must not be negative$"):
        rules.catering_refund(
            venue_type="clinic", specialists_present=-1, documented=D("1"), rate=RATE,
            rate_outside=OUTSIDE,
        )  # fmt: skip


def test_meetings_given_out_of_date_order_are_numbered_by_date():
    """The keys (meeting ids) need not follow the dates: a meeting created later may be earlier."""
    held = [
        (30, date(2026, 2, 1)),
        (10, date(2026, 9, 1)),
        (20, date(2026, 5, 1), "virtual"),
        (5, date(2026, 11, 1)),
    ]
    assert rules.meeting_numbers(held) == {30: 1, 20: None, 10: 2, 5: 3}


@pytest.mark.parametrize(
    ("meetings", "expected", "why"),
    [
        ([("outside", 10)], D("7500.00"), "ude i byen at 750 kr."),
        ([("clinic", 10), ("outside", 2)], D("6500.00"), "10 × 500 + 2 × 750"),
        ([("outside", 4)] * 5, D("12000.00"), "four of five outside meetings"),
    ],
)
def test_the_budget_suggestion_uses_the_outside_rate(meetings, expected, why):
    assert rules.suggested_catering(meetings, RATE, OUTSIDE, 4) == expected, why


# --- Honorarium: the edges -----------------------------------------------------------------------


def test_a_tenure_ending_on_the_1st_with_no_successor_holds_that_month():
    """The coordinator's last day is 1 October, nobody after: October is still theirs."""
    result = rules.honorarium_shares(
        D("12000.00"), APRIL, [Tenure("A", date(2026, 1, 1), date(2026, 10, 1))]
    )
    assert [(s.holder, s.month_count, s.amount) for s in result] == [("A", 7, D("7000.00"))]
    assert result[0].months == [date(2026, month, 1) for month in range(4, 11)]


def test_tenures_may_be_given_as_plain_tuples():
    result = rules.honorarium_shares(
        D("12000.00"), APRIL, [("A", date(2025, 1, 1), date(2026, 6, 30)), ("B", date(2026, 7, 1))]
    )
    assert [(s.holder, s.amount) for s in result] == [("A", D("3000.00")), ("B", D("9000.00"))]


def test_the_amount_may_be_given_as_text():
    result = rules.honorarium_shares("12000.00", APRIL, [Tenure("A", date(2026, 1, 1))])
    assert result[0].amount == D("12000.00")


def test_a_period_of_six_months():
    """months=6: only April – September count; the amount is still a yearly one."""
    result = rules.honorarium_shares(
        D("12000.00"), APRIL, [Tenure("A", date(2026, 1, 1))], months=6
    )
    assert (result[0].month_count, result[0].amount) == (6, D("6000.00"))
    holders = rules.month_holders(APRIL, [Tenure("A", date(2026, 1, 1))], months=6)
    assert list(holders) == [date(2026, month, 1) for month in range(4, 10)]


def test_a_transition_period_of_fifteen_months():
    result = rules.honorarium_shares(
        D("12000.00"), APRIL, [Tenure("A", date(2026, 1, 1))], months=15
    )
    assert (result[0].month_count, result[0].amount) == (15, D("15000.00"))
    assert result[0].months[-1] == date(2027, 6, 1)


def test_month_holders_cover_a_year_by_default():
    holders = rules.month_holders(APRIL, [Tenure("A", date(2026, 6, 1))])
    assert len(holders) == 12
    assert holders[date(2026, 5, 1)] is None and holders[date(2027, 3, 1)] == "A"


def test_one_yearly_amount_per_month_or_a_clear_error():
    with pytest.raises(ValueError, match="^one yearly amount per month of the period$"):
        rules.honorarium_shares([D("1")] * 11, APRIL, [])


@pytest.mark.parametrize(
    ("exact", "total", "expected"),
    [
        ([Fraction(1, 2), Fraction(1, 2)], 1, [1, 0]),
        ([Fraction(5, 3), Fraction(4, 3)], 3, [2, 1]),
        ([Fraction(-1, 2)], -1, [-1]),  # a correction: floors are floors below zero too
        ([Fraction(-7, 4), Fraction(15, 4)], 2, [-2, 4]),
    ],
)
def test_largest_remainder(exact, total, expected):
    assert rules.largest_remainder(exact, total) == expected


@pytest.mark.parametrize("total", [-1, 3, 5])
def test_a_total_that_cannot_come_from_the_shares_is_an_error(total):
    with pytest.raises(ValueError, match="^total does not fit the exact shares$"):
        rules.largest_remainder([Fraction(1, 2), Fraction(1, 2)], total)


@given(st.fractions(min_value=-10_000, max_value=10_000))
def test_round_half_up_is_the_nearest_whole_with_halves_up(value):
    result = rules.round_half_up(value)
    assert abs(value - result) <= Fraction(1, 2)
    if abs(value - result) == Fraction(1, 2):
        assert result > value


# --- Property: months from the dates themselves ---------------------------------------------------


def firsts_of_months(start: date, count: int) -> list[date]:
    """Walk forward day by day and keep each 1st (no month arithmetic)."""
    found, day = [], start
    while len(found) < count:
        if day.day == 1:
            found.append(day)
        day += timedelta(days=1)
    return found


@st.composite
def handovers(draw):
    """A chain of coordinators: each hands over on a drawn day, maybe with a gap."""
    day = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30)))
    chain = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        length = draw(st.integers(min_value=0, max_value=200))
        end = day + timedelta(days=length)
        last = index == 3 or draw(st.booleans())
        chain.append(Tenure(f"P{index}", day, None if last and draw(st.booleans()) else end))
        if last:
            break
        day = end + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    return chain


@given(handovers())
def test_the_honorarium_months_are_those_held_on_the_1st(chain):
    """Oracle: for each 1st of the period, the holder is whoever's dates contain it (the later
    starter on a handover day)."""
    expected: dict = {}
    for first in firsts_of_months(APRIL, 12):
        on_duty = [t for t in chain if t.start <= first and (t.end is None or first <= t.end)]
        if on_duty:
            expected.setdefault(sorted(on_duty, key=lambda t: t.start)[-1].holder, []).append(first)
    result = rules.honorarium_shares(D("12000.00"), APRIL, chain)
    assert {s.holder: s.months for s in result} == expected
    assert sum(s.ore for s in result) == 100_000 * sum(len(m) for m in expected.values())
