"""Money formatting and øre, as the secretariats read them: Danish separators, half-up rounding."""

from decimal import Decimal

import pytest

from ..money import from_ore, kr, to_ore
from .amounts import nb


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), nb("0,00 kr.")),
        (Decimal("0.5"), nb("0,50 kr.")),
        (Decimal("0.005"), nb("0,01 kr.")),  # half up, not half even
        (Decimal("0.015"), nb("0,02 kr.")),
        (Decimal("0.025"), nb("0,03 kr.")),
        (Decimal("-0.005"), nb("-0,01 kr.")),
        (Decimal("999.99"), nb("999,99 kr.")),
        (Decimal("1000"), nb("1.000,00 kr.")),
        (Decimal("12000"), nb("12.000,00 kr.")),
        (Decimal("1234567.5"), nb("1.234.567,50 kr.")),
        (Decimal("-1234.5"), nb("-1.234,50 kr.")),
        (Decimal("-0.50"), nb("-0,50 kr.")),
        (100, nb("100,00 kr.")),
        ("3500", nb("3.500,00 kr.")),
        (None, ""),
    ],
)
def test_kr(amount, text):
    assert kr(amount) == text


def test_kr_without_the_unit():
    assert kr(Decimal("1234.5"), unit=False) == "1.234,50"
    assert kr(Decimal("-7"), unit=False) == "-7,00"


@pytest.mark.parametrize(
    ("amount", "ore"),
    [
        (Decimal("0"), 0),
        (Decimal("0.005"), 1),  # half up
        (Decimal("0.015"), 2),
        (Decimal("0.025"), 3),
        (Decimal("0.004"), 0),
        (Decimal("12.345"), 1235),
        (Decimal("-0.005"), -1),
        ("1.10", 110),
        (7, 700),
    ],
)
def test_to_ore(amount, ore):
    assert to_ore(amount) == ore
    assert isinstance(to_ore(amount), int)


@pytest.mark.parametrize(
    ("ore", "amount"), [(0, "0.00"), (1, "0.01"), (123456, "1234.56"), (-5, "-0.05")]
)
def test_from_ore(ore, amount):
    assert from_ore(ore) == Decimal(amount)
    assert str(from_ore(ore)) == amount


def test_the_number_and_its_unit_never_part():
    """A no-break space (U+00A0) between the amount and "kr.": no line breaks between them, on a
    page, in a PDF or in an e-mail. Without the unit (CSV, table cells) there is no space at all."""
    assert kr(Decimal("7960")) == "7.960,00\u00a0kr."
    assert " " not in kr(Decimal("-1234567.5"))
    assert " " not in kr(Decimal("1234567.5"), unit=False)
