"""The one way Klynge writes dates, months, numbers and amounts for people: pages, PDFs, e-mails
and the text cells of exports all come through here (templates through the `dato`, `maaned`,
`tal` and `kr` filters in clusters/templatetags/klynge.py), so a month reads "september 2026"
everywhere and a count "79.583", never "Sept 2026" in one place and "79583" in another.

Spreadsheets that are read by programs (CSV dates in ISO 8601, XLSX typed cells) are formatted in
lib/tables.py on purpose; the format names here are Django's (klynge/formats/<lang>/formats.py).
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone

from .money import kr

__all__ = ["day", "kr", "moment", "month", "number"]


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: date | datetime | None, fmt: str = "SHORT_DATE_FORMAT") -> str:
    """17.09.2026 (or, with fmt="DATE_FORMAT", 17. september 2026); a moment on its local day."""
    if value is None:
        return ""
    value = _local(value)
    if isinstance(value, datetime):
        value = value.date()
    return formats.date_format(value, fmt)


def moment(value: datetime | None, fmt: str = "SHORT_DATETIME_FORMAT") -> str:
    """17.09.2026 18:00 in Copenhagen time (or DATETIME_FORMAT: 17. september 2026 kl. 18:00)."""
    if value is None:
        return ""
    return formats.date_format(_local(value), fmt)


def month(value: date | None) -> str:
    """september 2026: the month's full name, never a shortened one."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "YEAR_MONTH_FORMAT")


def number(value: int | Decimal | float | None) -> str:
    """79.583 (thousands grouped with '.', decimals after ','), in the reader's language."""
    if value is None:
        return ""
    return formats.number_format(value, force_grouping=True)
