"""The retry rules, as the rulebook would read them."""

import smtplib
from datetime import timedelta

import pytest

from klynge.mail.rules import Kind, classify, gives_up, pause


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (80, 60)],
)
def test_pauses_grow_to_an_hour(attempts, minutes):
    assert pause(attempts) == timedelta(minutes=minutes)


def test_a_mail_is_retried_for_the_whole_give_up_time_and_no_longer():
    # 1+2+4+8+16+32 = 63 minutes, then an hour each: the 78th attempt is 72 h 3 min after the
    # first, and the last.
    assert not gives_up(77, hours=72)
    assert gives_up(78, hours=72)
    assert not gives_up(6, hours=1) and gives_up(7, hours=1)


@pytest.mark.parametrize(
    ("error", "kind", "answer"),
    [
        (smtplib.SMTPDataError(451, b"Try later"), Kind.TEMPORARY, "451 Try later"),
        (smtplib.SMTPDataError(554, b"Spam"), Kind.PERMANENT, "554 Spam"),
        (smtplib.SMTPSenderRefused(550, b"No relay", "a@b.dk"), Kind.PERMANENT, "550 No relay"),
        (
            smtplib.SMTPRecipientsRefused({"x@y.dk": (550, b"5.1.1 Unknown user")}),
            Kind.PERMANENT,
            "550 5.1.1 Unknown user",
        ),
        (
            smtplib.SMTPRecipientsRefused({"x@y.dk": (452, b"Mailbox full")}),
            Kind.TEMPORARY,
            "452 Mailbox full",
        ),
        (smtplib.SMTPServerDisconnected("gone"), Kind.TEMPORARY, "SMTPServerDisconnected: gone"),
        (TimeoutError("timed out"), Kind.TEMPORARY, "TimeoutError: timed out"),
        (smtplib.SMTPAuthenticationError(535, b"Bad login"), Kind.UNREACHABLE, "535 Bad login"),
        (ValueError("Invalid address"), Kind.PERMANENT, "ValueError: Invalid address"),
    ],
)
def test_what_a_failure_means(error, kind, answer):
    failure = classify(error)
    assert (failure.kind, failure.answer) == (kind, answer)
    assert failure.final == (kind == Kind.PERMANENT)


def test_any_failure_to_connect_says_nothing_about_the_mail():
    assert classify(ConnectionRefusedError(111, "refused"), opening=True).kind == Kind.UNREACHABLE
    assert classify(smtplib.SMTPConnectError(554, b"No"), opening=True).kind == Kind.UNREACHABLE
