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


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        (None, "required", "Skriv ydernummeret."),
        ("", "required", "Skriv ydernummeret."),
        ("   ", "required", "Skriv ydernummeret."),
        ("1234567", "too_long", "Et ydernummer har højst 6 cifre; 1234567 har 7."),
        ("057 584 1", "too_long", "Et ydernummer har højst 6 cifre; 0575841 har 7."),
        (
            "05758a",
            "invalid",
            "Et ydernummer består kun af cifre (fx 057584); 05758a er ikke et ydernummer.",
        ),
        (
            "12345-",
            "invalid",
            "Et ydernummer består kun af cifre (fx 057584); 12345- er ikke et ydernummer.",
        ),
        (
            "abcdefgh",
            "invalid",
            "Et ydernummer består kun af cifre (fx 057584); abcdefgh er ikke et ydernummer.",
        ),
        (
            "١٢٣٤٥٦",  # six Arabic-Indic digits: digits, but not an ydernummer
            "invalid",
            "Et ydernummer består kun af cifre (fx 057584); ١٢٣٤٥٦ er ikke et ydernummer.",
        ),
        ("000000", "invalid", "000000 er ikke et ydernummer."),
        ("0", "invalid", "000000 er ikke et ydernummer."),
    ],
)
def test_each_refusal_has_its_code_and_names_what_was_typed(typed, code, message):
    with pytest.raises(ValidationError) as error:
        normalize_ydernummer(typed)
    assert error.value.code == code
    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("57584", "057584"), ("057 584", "057584"), (" 0 5 7 5 8 4 ", "057584"), (57584, "057584")],
)
def test_inner_and_outer_spaces_are_ignored(typed, stored):
    assert normalize_ydernummer(typed) == stored


def test_validate_accepts_the_stored_form_only():
    from klynge.clusters.ydernummer import validate_ydernummer

    assert validate_ydernummer("057584") is None
    with pytest.raises(ValidationError) as error:
        validate_ydernummer("57584")
    assert error.value.code == "length"
    assert error.value.messages == ["Et ydernummer gemmes med 6 cifre."]
    with pytest.raises(ValidationError) as error:
        validate_ydernummer("abcdef")
    assert error.value.code == "invalid"
