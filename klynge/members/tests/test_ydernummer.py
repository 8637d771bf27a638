"""Ydernummer validation, property-based: whatever is typed, the result is six ASCII digits that
mean the same number, or a Danish ValidationError."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from klynge.clusters.ydernummer import normalize_ydernummer


@given(st.integers(min_value=1, max_value=999_999))
def test_every_number_up_to_six_digits_is_kept_zero_padded(number):
    for typed in (str(number), str(number).zfill(6), f"  {number} "):
        result = normalize_ydernummer(typed)
        assert len(result) == 6
        assert result.isascii() and result.isdigit()
        assert int(result) == number


@given(st.integers(min_value=1_000_000, max_value=10**12))
def test_more_than_six_digits_is_refused(number):
    with pytest.raises(ValidationError) as error:
        normalize_ydernummer(str(number))
    assert "højst 6 cifre" in error.value.messages[0]


@given(st.text(min_size=1, max_size=12))
def test_any_text_is_either_a_clean_ydernummer_or_a_danish_error(text):
    try:
        result = normalize_ydernummer(text)
    except ValidationError as error:
        assert any(word in error.messages[0] for word in ("cifre", "ydernummer", "Skriv")), (
            error.messages
        )
    else:
        assert len(result) == 6 and result.isascii() and result.isdigit()
        assert result == text.strip().replace(" ", "").zfill(6)


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6))
def test_non_ascii_digits_are_refused_unless_plain_ascii(text):
    if text.isascii():
        if int(text) == 0:
            return
        assert normalize_ydernummer(text) == text.zfill(6)
    else:
        with pytest.raises(ValidationError):
            normalize_ydernummer(text)


@given(st.text(alphabet="0", min_size=1, max_size=6))
def test_zero_is_not_an_ydernummer(text):
    with pytest.raises(ValidationError):
        normalize_ydernummer(text)
