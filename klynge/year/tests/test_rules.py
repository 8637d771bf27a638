"""The year's pure rules: which duties the rulebook in force on a day gives a cluster, and when a
general assembly counts as held. No database: rulebook versions as plain values."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from klynge.year.rules import Duty, has_duty, not_held_yet

A, C, M = Duty.YEARLY_ASSEMBLY, Duty.PACKAGE_CONSENT, Duty.COORDINATOR_MEETING


@dataclass
class Version:
    valid_from: date
    yearly_assembly: bool = False
    package_consent: bool = False
    coordinator_meeting: bool = False


KIAP = [Version(date(2024, 1, 1), yearly_assembly=True, package_consent=True)]
EKVIS = [Version(date(2022, 6, 1), coordinator_meeting=True)]
# eKVIS' rulebook from 1 July 2027 also asks for a yearly assembly and ends the coordinator meeting.
EKVIS_CHANGED = [*EKVIS, Version(date(2027, 7, 1), yearly_assembly=True)]


@pytest.mark.parametrize(
    ("versions", "on", "duty", "expected", "why"),
    [
        (KIAP, date(2027, 2, 1), A, True, "KiAP: a yearly general assembly"),
        (KIAP, date(2027, 5, 10), C, True, "KiAP: members' consent to data packages"),
        (KIAP, date(2027, 12, 31), M, False, "KiAP: no coordinator meeting"),
        (EKVIS, date(2027, 2, 1), A, False, "eKVIS: no general assembly"),
        (EKVIS, date(2027, 5, 10), C, False, "eKVIS: no consent duty"),
        (EKVIS, date(2027, 12, 31), M, True, "eKVIS: the coordinator meeting"),
        (EKVIS_CHANGED, date(2027, 6, 30), A, False, "the day before the new version"),
        (EKVIS_CHANGED, date(2027, 7, 1), A, True, "the new version's first day"),
        (EKVIS_CHANGED, date(2027, 6, 30), M, True, "the old version still in force"),
        (EKVIS_CHANGED, date(2027, 12, 31), M, False, "the new version ends it"),
        (list(reversed(EKVIS_CHANGED)), date(2027, 8, 1), A, True, "any order of versions"),
        (EKVIS, date(2022, 5, 31), M, False, "before the first rulebook: no duty"),
        ([], date(2027, 1, 1), A, False, "no rulebook at all: no duty"),
    ],
)
def test_duties_come_from_the_rulebook_in_force_on_the_day(versions, on, duty, expected, why):
    assert has_duty(versions, on, duty) is expected, why


START = datetime(2027, 3, 16, 16, 0, tzinfo=UTC)  # 17:00 in Copenhagen


@pytest.mark.parametrize(
    ("now", "refused"),
    [
        (datetime(2026, 11, 27, 9, 0, tzinfo=UTC), True),
        (datetime(2027, 3, 16, 15, 59, tzinfo=UTC), True),
        (START, False),
        (datetime(2027, 5, 2, 9, 0, tzinfo=UTC), False),
    ],
)
def test_an_assembly_counts_as_held_from_its_start(now, refused):
    with translation.override("da"):
        reason = not_held_yet(START, now)
    if refused:
        assert reason == (
            "Generalforsamlingen er først 16. marts 2027 kl. 17:00, så referatet kan ikke "
            "godkendes endnu, og valg og beslutninger træder ikke i kraft. Godkend referatet, "
            "når generalforsamlingen er holdt. Blev den holdt tidligere, så ret først datoen."
        )
    else:
        assert reason == ""


def test_an_assembly_without_a_date_is_not_held():
    with translation.override("da"):
        assert not_held_yet(None, START) == (
            "Generalforsamlingen har ingen dato endnu. Sæt datoen, før referatet godkendes."
        )
