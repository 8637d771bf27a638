"""The outbox worker: each due mail is claimed, sent and marked on its own, over one connection.

django-post-office stores the mails (`post_office.Email`, with its `Log` of attempts); this module
sends them, because post-office marks a whole batch sent only after the batch, so a worker killed
mid-batch sent everything again. Here a mail's life is three short steps:

1. Claim: one conditional UPDATE moves the mail's `scheduled_time` a minute ahead (`CLAIM`). It
   succeeds for one worker only (atomic on SQLite and PostgreSQL); any other worker now sees the
   mail as not due. A worker that dies holding a claim loses it when the minute is up.
2. Send, outside any transaction, over the SMTP connection the run keeps open.
3. Mark: sent; or, on a temporary failure, requeued with a growing pause; or failed, with the
   server's answer in the log (`rules.py` decides which). The mark shares its transaction with
   the next mail's claim: one commit per mail keeps the worker fast on PostgreSQL too.

A worker killed at any moment therefore sends again at most the one mail it had in flight, and that
copy carries the same Message-ID, so mail programs show it once. Two workers at once share the
work and never send a mail twice.
"""

import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from klynge.mail import rules
from klynge.mail.calendar import inline_calendar

CLAIM = timedelta(seconds=60)
WAITING = (STATUS.queued, STATUS.requeued)
CHUNK = 20


@dataclass
class Tally:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    unreachable: str = ""


def due(now) -> Q:
    return (
        Q(status__in=WAITING)
        & (Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


def due_mails():
    """Due mails in the order they were queued, a chunk at a time (claimed one by one later).

    One pass: a mail that becomes due again during the run (a pause of a minute) waits for the
    next run, so a run always ends.
    """
    after = 0
    while True:
        chunk = list(
            Email.objects.filter(due(timezone.now()), pk__gt=after)
            .prefetch_related("attachments")
            .order_by("pk")[:CHUNK]
        )
        if not chunk:
            return
        yield from chunk
        after = chunk[-1].pk


def claim(email: Email) -> bool:
    """Take the mail for this worker for `CLAIM`; False if another worker was first."""
    now = timezone.now()
    return bool(Email.objects.filter(due(now), pk=email.pk).update(scheduled_time=now + CLAIM))


class Courier:
    """The delivery mailer's connection, opened once and reused for every mail of a run.

    After a broken connection it reconnects for the next mail; when connecting fails, or the
    connection breaks twice in a row, the server counts as unreachable for the rest of the run
    and the remaining mails are deferred without trying it again.
    """

    def __init__(self):
        self.backend = mailers["delivery"]
        self.unreachable: rules.Failure | None = None
        self.broken = 0

    def deliver(self, email: Email) -> rules.Failure | None:
        if self.unreachable is not None:
            return self.unreachable
        try:
            message = inline_calendar(email.email_message())
        except Exception as error:  # a missing attachment file: this mail can never be sent
            return rules.classify(error)
        try:
            self.backend.open()
        except Exception as error:
            self.unreachable = rules.classify(error, opening=True)
            self.drop()
            return self.unreachable
        try:
            self.backend.send_messages([message])
        except Exception as error:
            failure = rules.classify(error)
            if failure.kind == rules.Kind.UNREACHABLE or self.connection_lost(error):
                self.drop()
                self.broken += 1
                if self.broken >= 2:
                    self.unreachable = failure
            return failure
        self.broken = 0
        return None

    @staticmethod
    def connection_lost(error: Exception) -> bool:
        """Not an answer from the server but a broken or stalled connection."""
        answered = smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
        return isinstance(error, OSError) and not isinstance(error, answered)

    def drop(self):
        """Forget a connection without a polite QUIT, which a stalled server would not answer."""
        connection = getattr(self.backend, "connection", None)
        if connection is not None:
            connection.close()
            self.backend.connection = None

    def close(self):
        if self.unreachable is None and self.broken == 0:
            self.backend.close()
        else:
            self.drop()


def mark(email: Email, failure: rules.Failure | None, tally: Tally) -> None:
    now = timezone.now()
    if failure is None:
        Email.objects.filter(pk=email.pk).update(
            status=STATUS.sent, scheduled_time=None, last_updated=now
        )
        tally.sent += 1
        return
    attempts = (email.number_of_retries or 0) + 1
    final = failure.final or rules.gives_up(attempts, settings.KLYNGE_MAIL_GIVE_UP_HOURS)
    with transaction.atomic():
        Email.objects.filter(pk=email.pk).update(
            status=STATUS.failed if final else STATUS.requeued,
            number_of_retries=attempts,
            scheduled_time=None if final else now + rules.pause(attempts),
            last_updated=now,
        )
        Log.objects.create(
            email_id=email.pk,
            status=STATUS.failed,
            exception_type=str(failure.kind),
            message=failure.answer,
        )
    if final:
        tally.failed += 1
    else:
        tally.retry += 1


def send_outbox() -> Tally:
    """Send every mail that is due now; return what happened.

    The mark of one mail and the claim of the next share a transaction: one commit per mail.
    """
    tally = Tally()
    courier = Courier()
    done = None  # the mail just sent (or not), and how it went: not yet marked
    try:
        for email in due_mails():
            with transaction.atomic():
                if done is not None:
                    mark(*done, tally)
                    done = None
                if not claim(email):
                    continue
            done = (email, courier.deliver(email))
        if done is not None:
            mark(*done, tally)
    finally:
        courier.close()
    if courier.unreachable is not None:
        tally.unreachable = courier.unreachable.answer
    return tally
