"""When to try a mail again, and which failures are final: plain functions over plain values.

A temporary failure (a 4xx answer, a refused, dropped or stalled connection) is retried after a
growing pause: 1, 2, 4, 8, 16, 32 minutes, then every hour, until the pauses add up to the give-up
time (`KLYNGE_MAIL_GIVE_UP_HOURS`, 72 by default). A permanent failure (the server answers 5xx to
this message: unknown mailbox, message refused) is final at once: trying again cannot help.
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

FIRST_PAUSE = timedelta(minutes=1)
LONGEST_PAUSE = timedelta(hours=1)


class Kind(StrEnum):
    # The server refused this message for now, or the connection broke while sending it.
    TEMPORARY = "temporary"
    # The server refused this message for good.
    PERMANENT = "permanent"
    # No usable connection (refused, timed out, TLS or log-in failed): nothing to do with the mail,
    # so the rest of this run's mails are deferred without trying the server again.
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Failure:
    kind: Kind
    answer: str  # what the server said, or what went wrong, as stored in the mail's log

    @property
    def final(self) -> bool:
        return self.kind == Kind.PERMANENT


def pause(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failed attempt (1 = the first)."""
    doublings = min(max(attempts - 1, 0), 12)  # 2**12 minutes is well past the longest pause
    return min(FIRST_PAUSE * 2**doublings, LONGEST_PAUSE)


def gives_up(attempts: int, hours: int) -> bool:
    """Is a mail whose `attempts`-th attempt just failed given up?

    Yes once the pauses before this attempt add up to `hours`: a mail is tried again no sooner
    than its pause, so at least that much time has passed since its first failure.
    """
    waited = sum((pause(n) for n in range(1, attempts)), timedelta())
    return waited >= timedelta(hours=hours)


def _answer(code: int, message: bytes | str) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {message}".strip()


def classify(error: BaseException, *, opening: bool = False) -> Failure:
    """What a failure to send one mail means. `opening`: it happened while connecting."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.values())
        text = "; ".join(_answer(code, message) for code, message in answers)
        permanent = all(code >= 500 for code, _message in answers)
        return Failure(Kind.PERMANENT if permanent else Kind.TEMPORARY, text)
    if isinstance(error, smtplib.SMTPResponseException):
        text = _answer(error.smtp_code, error.smtp_error)
        # A refused greeting or log-in is the server's or our configuration's fault, not the
        # mail's: like a refused connection, it says nothing about this message.
        if opening or isinstance(error, smtplib.SMTPAuthenticationError | smtplib.SMTPHeloError):
            return Failure(Kind.UNREACHABLE, text)
        return Failure(Kind.PERMANENT if error.smtp_code >= 500 else Kind.TEMPORARY, text)
    text = f"{type(error).__name__}: {error}".rstrip(": ")
    if opening or isinstance(error, ssl.SSLError | smtplib.SMTPNotSupportedError):
        return Failure(Kind.UNREACHABLE, text)
    if isinstance(error, OSError):  # dropped, reset or timed out mid-message
        return Failure(Kind.TEMPORARY, text)
    # Anything else (a bug, a broken attachment) is not retried forever: it is final and shown.
    return Failure(Kind.PERMANENT, text)
