"""Exact money: Decimal kroner with two places, or integer øre. Never float."""

from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
# Between an amount and its unit: a no-break space, so "7.960,00 kr." never wraps before "kr."
# (the thousands and decimal separators "." and "," never break between digits).
NBSP = "\u00a0"


def to_ore(amount: Decimal | int | str) -> int:
    """Kroner as integer øre, rounded half up (Danish practice)."""
    value = Decimal(str(amount)).quantize(ORE, rounding=ROUND_HALF_UP)
    return int(value * 100)


def from_ore(ore: int) -> Decimal:
    return (Decimal(ore) / 100).quantize(ORE)


def kr(amount: Decimal | int | str | None, unit: bool = True) -> str:
    """Danish style: 1.234,50 kr. (negative amounts with a minus sign), the number and "kr." held
    together by a no-break space (NBSP) on pages, in PDFs and in e-mails alike. Spreadsheets get
    amounts as numbers (XLSX) or without the unit (CSV), never this text."""
    if amount is None:
        return ""
    value = Decimal(str(amount)).quantize(ORE, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{'.'.join(groups)},{cents}"
    return f"{text}{NBSP}kr." if unit else text
