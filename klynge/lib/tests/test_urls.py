"""row_url gives what reverse gives, for ids and slugs, and falls back to reverse otherwise."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from ..urls import row_url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("members:person", ("klynge-a", 12)),
        ("members:clinic", ("bench-kiap-0001", 7)),
        ("meetings:attendance_row", ("klynge-a", 3, 4711)),
        ("money:claim", ("a_b-9", 0)),
        ("year:wheel_year", ("klynge-a", 2026)),
        ("clusters:detail", ("klynge-a",)),
    ],
)
def test_row_url_is_reverse(name, args):
    assert row_url(name, *args) == reverse(name, args=args)
    assert row_url(name, *args) == reverse(name, args=args)  # the second time from the pattern


def test_values_that_are_not_ids_or_slugs_go_through_reverse():
    """reverse refuses what the pattern refuses; the stand-ins do not let it through."""
    for args in (("klynge å", 5), ("klynge-a", -1), ("klynge-a", "12/x")):
        with pytest.raises(NoReverseMatch):
            row_url("members:person", *args)


def test_the_script_prefix_is_part_of_the_pattern():
    try:
        set_script_prefix("/klynge/")
        assert row_url("members:person", "klynge-a", 12) == reverse(
            "members:person", args=["klynge-a", 12]
        )
        assert row_url("members:person", "klynge-a", 12).startswith("/klynge/")
    finally:
        set_script_prefix("/")


def test_the_language_is_part_of_the_pattern():
    from django.utils import translation

    assert row_url("members:person", "klynge-a", 12) == reverse(
        "members:person", args=["klynge-a", 12]
    )
    with translation.override("en"):
        english = row_url("members:person", "klynge-a", 12)
        assert english == reverse("members:person", args=["klynge-a", 12])
    assert english != row_url("members:person", "klynge-a", 12)
