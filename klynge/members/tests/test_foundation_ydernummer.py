"""The ydernummer is an identifier of six digits, never an integer (foundation acceptance)."""

import pytest
from django import forms as django_forms

from klynge.clusters.fields import YdernummerFormField
from klynge.clusters.models import Clinic


class YdernummerForm(django_forms.Form):
    ydernummer = YdernummerFormField()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc123", "kun af cifre"),
        ("1234567", "højst 6 cifre"),
        ("", "Skriv ydernummeret"),
        ("12 34x", "kun af cifre"),
        ("000000", "ikke et ydernummer"),
        ("٣٤٥", "kun af cifre"),  # Arabic-Indic digits are digits to Python, not to us
    ],
)
def test_bad_input_gets_a_danish_message(typed, message):
    form = YdernummerForm({"ydernummer": typed})
    assert not form.is_valid()
    assert message in form.errors["ydernummer"][0]


@pytest.mark.parametrize(
    ("typed", "stored"), [("57584", "057584"), (" 057584 ", "057584"), ("1", "000001")]
)
def test_short_input_is_zero_padded(typed, stored):
    form = YdernummerForm({"ydernummer": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ydernummer"] == stored


def test_model_stores_a_six_digit_string(world):
    clinic = Clinic.objects.create(ydernummer="57584", name="Lægerne i Byen", kind="general")
    clinic.refresh_from_db()
    assert clinic.ydernummer == "057584"
    assert Clinic.objects.filter(ydernummer="057584").exists()
