"""The year's small date rules, as tables."""

from datetime import date

import pytest

from klynge.year.dates import (
    add_months,
    first_of_next_month,
    iso_week,
    on_day_of_year,
    period_end_before,
)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2026, 5, 10), 12, date(2027, 5, 10)),
        (date(2026, 5, 10), 24, date(2028, 5, 10)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 4, 2), date(2026, 5, 1)),
        (date(2026, 4, 30), date(2026, 5, 1)),
        (date(2026, 12, 2), date(2027, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_first_of_next_month(day, expected):
    assert first_of_next_month(day) == expected


@pytest.mark.parametrize(
    ("template", "year", "expected"),
    [
        (date(2000, 1, 31), 2027, date(2027, 1, 31)),
        (date(2000, 2, 29), 2027, date(2027, 2, 28)),
        (date(2000, 2, 29), 2028, date(2028, 2, 29)),
        (date(2001, 3, 15), 2026, date(2026, 3, 15)),
    ],
)
def test_on_day_of_year(template, year, expected):
    assert on_day_of_year(template, year) == expected


@pytest.mark.parametrize(
    ("start_month", "year", "expected"),
    [(4, 2026, date(2026, 3, 31)), (1, 2027, date(2026, 12, 31)), (3, 2028, date(2028, 2, 29))],
)
def test_the_honorarium_pay_day_is_the_last_day_before_the_period(start_month, year, expected):
    assert period_end_before(start_month, year) == expected


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 27), "2026-W48"),
        (date(2027, 1, 1), "2026-W53"),
        (date(2026, 1, 5), "2026-W02"),
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_iso_week(day, week):
    assert iso_week(day) == week
