"""The retention rules as tables: who may be erased, when the nightly job pseudonymises."""

from datetime import date

import pytest

from klynge.privacy.rules import (
    Block,
    PersonFacts,
    bookkeeping_until,
    due_for_pseudonymisation,
    erasure_blocks,
    months_before,
    years_before,
)

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("year", "until"),
    [(2019, date(2024, 12, 31)), (2021, date(2026, 12, 31)), (2026, date(2031, 12, 31))],
)
def test_bookkeeping_keeps_five_years_after_the_financial_year(year, until):
    assert bookkeeping_until(year) == until


@pytest.mark.parametrize(
    ("facts", "blocks"),
    [
        (PersonFacts(), []),
        (PersonFacts(clinics_now=["A", "B"]), [Block("clinic")]),
        (PersonFacts(posts_now=["Klynge A"]), [Block("post")]),
        (PersonFacts(posts_now=["Klynge A", "Klynge B"]), [Block("post")]),
        (PersonFacts(money_years=[2019, 2020]), []),  # kept until 31.12.2025: past
        (PersonFacts(money_years=[2019, 2021]), [Block("bookkeeping", date(2026, 12, 31))]),
        (PersonFacts(money_years=[2026]), [Block("bookkeeping", date(2031, 12, 31))]),
        (
            PersonFacts(clinics_now=["A"], posts_now=["X"], money_years=[2024]),
            [Block("clinic"), Block("post"), Block("bookkeeping", date(2029, 12, 31))],
        ),
    ],
)
def test_what_forbids_erasure(facts, blocks):
    assert erasure_blocks(facts, TODAY) == blocks


def test_the_last_day_of_bookkeeping_still_blocks():
    facts = PersonFacts(money_years=[2021])
    assert erasure_blocks(facts, date(2026, 12, 31)) == [Block("bookkeeping", date(2026, 12, 31))]
    assert erasure_blocks(facts, date(2027, 1, 1)) == []


@pytest.mark.parametrize(
    ("last_day", "money_years", "due"),
    [
        (date(2019, 6, 30), [2019], True),
        (date(2024, 11, 26), [], True),  # two years and a day
        (date(2024, 11, 27), [], False),  # exactly two years: not yet
        (date(2025, 12, 31), [], False),
        (None, [], False),  # never left
        (date(2019, 6, 30), [2022], False),  # the books still need them
    ],
)
def test_the_nightly_rule(last_day, money_years, due):
    facts = PersonFacts(money_years=money_years, last_day=last_day)
    assert due_for_pseudonymisation(facts, TODAY) is due


def test_the_nightly_rule_never_takes_someone_still_working():
    facts = PersonFacts(clinics_now=["A"], last_day=date(2019, 1, 1))
    assert due_for_pseudonymisation(facts, TODAY) is False


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [(date(2028, 2, 29), 2, date(2026, 2, 28)), (date(2026, 11, 27), 2, date(2024, 11, 27))],
)
def test_years_before(day, years, expected):
    assert years_before(day, years) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 27), 12, date(2025, 11, 27)),
        (date(2026, 1, 31), 1, date(2025, 12, 28)),
        (date(2026, 3, 15), 14, date(2025, 1, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected
