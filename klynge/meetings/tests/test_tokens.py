"""Answer and poll links as tokens: bound to the meeting and the person, refused when changed,
too old or used on another meeting, each for its own reason."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing

from klynge.meetings import tokens

MADE = datetime(2026, 11, 27, 12, tzinfo=ZoneInfo("Europe/Copenhagen"))
INVITATION = SimpleNamespace(pk=11, person_id=22, meeting_id=33)
POLL = SimpleNamespace(meeting_id=44)
PERSON = SimpleNamespace(pk=55)


def made(token_of):
    with time_machine.travel(MADE, tick=False):
        return token_of()


def refused(token, salt, meeting_id, at=MADE) -> str:
    with time_machine.travel(at, tick=False), pytest.raises(tokens.BadLink) as error:
        tokens.read(token, salt, meeting_id)
    assert str(error.value) == error.value.reason
    return error.value.reason


def test_an_answer_link_names_the_invitation_the_person_and_the_meeting():
    token = made(lambda: tokens.answer_token(INVITATION))
    with time_machine.travel(MADE, tick=False):
        assert tokens.read(token, tokens.ANSWER_SALT, 33) == {"i": 11, "p": 22, "m": 33}


def test_a_poll_link_names_the_meeting_and_the_person():
    token = made(lambda: tokens.poll_token(POLL, PERSON))
    with time_machine.travel(MADE, tick=False):
        assert tokens.read(token, tokens.POLL_SALT, 44) == {"m": 44, "p": 55}


@pytest.mark.parametrize("meeting_id", [34, 32, 0, None])
def test_a_link_for_one_meeting_is_foreign_to_every_other(meeting_id):
    token = made(lambda: tokens.answer_token(INVITATION))
    assert refused(token, tokens.ANSWER_SALT, meeting_id) == "foreign"


def test_a_signed_value_that_is_not_a_link_is_foreign():
    token = signing.dumps([33], salt=tokens.ANSWER_SALT)
    assert refused(token, tokens.ANSWER_SALT, 33) == "foreign"


def test_a_poll_link_is_not_an_answer_link():
    token = made(lambda: tokens.poll_token(SimpleNamespace(meeting_id=33), PERSON))
    assert refused(token, tokens.ANSWER_SALT, 33) == "tampered"


def test_a_changed_character_is_tampering():
    token = made(lambda: tokens.answer_token(INVITATION))
    changed = token[:-3] + ("x" if token[-3] != "x" else "y") + token[-2:]
    assert refused(changed, tokens.ANSWER_SALT, 33) == "tampered"


@pytest.mark.parametrize(
    ("age", "outcome"),
    [
        (timedelta(days=399, hours=23), "ok"),
        (timedelta(days=400), "ok"),
        (timedelta(days=400, seconds=2), "expired"),
        (timedelta(days=800), "expired"),
    ],
)
def test_a_link_lives_400_days(age, outcome):
    token = made(lambda: tokens.answer_token(INVITATION))
    if outcome == "ok":
        with time_machine.travel(MADE + age, tick=False):
            assert tokens.read(token, tokens.ANSWER_SALT, 33)["i"] == 11
    else:
        assert refused(token, tokens.ANSWER_SALT, 33, at=MADE + age) == "expired"
