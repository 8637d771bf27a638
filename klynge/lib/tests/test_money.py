"""Money formatting and øre, as the secretariats read them: Danish separators, half-up rounding."""

from decimal import Decimal

import pytest

from ..money import from_ore, kr, to_ore


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), "0,00 kr."),
        (Decimal("0.5"), "0,50 kr."),
        (Decimal("0.005"), "0,01 kr."),  # half up, not half even
        (Decimal("0.015"), "0,02 kr."),
        (Decimal("0.025"), "0,03 kr."),
        (Decimal("-0.005"), "-0,01 kr."),
        (Decimal("999.99"), "999,99 kr."),
        (Decimal("1000"), "1.000,00 kr."),
        (Decimal("12000"), "12.000,00 kr."),
        (Decimal("1234567.5"), "1.234.567,50 kr."),
        (Decimal("-1234.5"), "-1.234,50 kr."),
        (Decimal("-0.50"), "-0,50 kr."),
        (100, "100,00 kr."),
        ("3500", "3.500,00 kr."),
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
