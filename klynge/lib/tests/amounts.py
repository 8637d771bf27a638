"""Amounts as Klynge writes them, for test expectations.

Klynge holds an amount and its unit together with a no-break space ("7.960,00\u00a0kr.", see
klynge.lib.money.kr), so a line never breaks between them. Tests keep writing expectations with an
ordinary space, as a person reads them, and pass them through `nb`."""

from ..money import NBSP


def nb(text: str) -> str:
    """ "500,00 kr." as Klynge writes it: the space before "kr." a no-break space."""
    return text.replace(" kr.", f"{NBSP}kr.")
