"""Retention rules as pure functions over plain values (the record of processing lists them).

A person's data is kept while they work in a clinic of a cluster or hold a post, then for
INACTIVE_YEARS; payments to or claimed by them are kept until BOOKKEEPING_YEARS after the end of
their financial year (bogføringsloven § 10; the financial year is the calendar year).
"""

from dataclasses import dataclass, field
from datetime import date

BOOKKEEPING_YEARS = 5
INACTIVE_YEARS = 2
ACCESS_LOG_YEARS = 2
OUTBOX_MONTHS = 12
SELF_SERVICE_DAYS_AFTER_EXPIRY = 30
MATERIAL_YEARS = 5
HISTORY_YEARS = 5


def bookkeeping_until(year: int) -> date:
    """The last day a record of the financial year `year` must be kept."""
    return date(year + BOOKKEEPING_YEARS, 12, 31)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


@dataclass
class PersonFacts:
    """What decides whether a person's data may go: plain values, read by the services."""

    clinics_now: list[str] = field(default_factory=list)  # clinics they work in today
    posts_now: list[str] = field(default_factory=list)  # posts they hold today
    money_years: list[int] = field(default_factory=list)  # years of payments and claims
    last_day: date | None = None  # the last day of their last affiliation or post


@dataclass(frozen=True)
class Block:
    """Why a person's data may not go yet, and until when (None: until that changes)."""

    rule: str
    until: date | None = None


def erasure_blocks(facts: PersonFacts, today: date) -> list[Block]:
    """What forbids erasing the person today, on request. Empty: they may be pseudonymised."""
    blocks = [Block("clinic")] if facts.clinics_now else []
    blocks += [Block("post")] if facts.posts_now else []
    kept = [bookkeeping_until(year) for year in facts.money_years]
    if kept and max(kept) >= today:
        blocks.append(Block("bookkeeping", max(kept)))
    return blocks


def due_for_pseudonymisation(facts: PersonFacts, today: date) -> bool:
    """The nightly rule: nothing blocks, and they left more than INACTIVE_YEARS ago."""
    if erasure_blocks(facts, today):
        return False
    if facts.last_day is None:
        return False
    return facts.last_day < years_before(today, INACTIVE_YEARS)
