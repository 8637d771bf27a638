"""Small date rules of the year (plain functions over plain values)."""

from datetime import date, timedelta

from klynge.lib.due import add_months, on_day_of_year

__all__ = ["add_months", "first_of_next_month", "iso_week", "on_day_of_year", "period_end_before"]


def first_of_next_month(day: date) -> date:
    """The first day of a month on or after `day` (a handover is best on the 1st)."""
    if day.day == 1:
        return day
    return add_months(day.replace(day=1), 1)


def period_end_before(start_month: int, year: int) -> date:
    """The last day of the month before `start_month` in `year` (the honorarium's pay day)."""
    return date(year, start_month, 1) - timedelta(days=1)


def iso_week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"
