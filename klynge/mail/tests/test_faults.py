"""The outbox against a real SMTP server on 127.0.0.1 that refuses, rejects, drops, stalls or is
absent. Each test counts what arrived, what arrived twice and what was lost."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from klynge.mail.tests.smtp import free_port
from klynge.mail.worker import send_outbox


def run_when_due(until, step_limit=200):
    """Run the worker at each moment a mail is due (as a worker every few minutes would find
    it), up to `until`; return how many runs that took."""
    runs = 0
    while runs < step_limit:
        waiting = Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
        due = [e.scheduled_time or timezone.now() for e in waiting]
        if not due or min(due) > until:
            return runs
        with time_machine.travel(max(min(due), timezone.now()), tick=False):
            send_outbox()
        runs += 1
    raise AssertionError("the outbox never emptied")


def test_refusals_4xx_are_retried_until_every_mail_arrives_once(db, queue_many, smtp_server):
    server = smtp_server(refuse=4)
    addresses = queue_many(5)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tally = send_outbox()
    assert (tally.sent, tally.retry, tally.failed) == (1, 4, 0)
    assert Log.objects.filter(message__startswith="451 4.3.0").count() == 4
    run_when_due(start + timedelta(hours=1))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (5, 0, 0)
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_a_5xx_rejection_is_final_at_once_with_the_servers_answer(db, queue_many, smtp_server):
    server = smtp_server(reject={"p1@example.dk"})
    addresses = queue_many(3)
    tally = send_outbox()
    assert (tally.sent, tally.retry, tally.failed) == (2, 0, 1)
    rejected = Email.objects.get(to=["p1@example.dk"])
    assert rejected.status == STATUS.failed
    assert rejected.logs.get().message == "550 5.1.1 Modtageren findes ikke"
    run_when_due(timezone.now() + timedelta(days=4))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (2, 0, 1)


def test_a_dropped_connection_is_retried_and_the_rest_go_on_a_new_one(db, queue_many, smtp_server):
    server = smtp_server(drop=1)
    addresses = queue_many(4)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tally = send_outbox()
    assert (tally.sent, tally.retry) == (3, 1)
    assert Email.objects.get(to=["p0@example.dk"]).logs.get().exception_type == "temporary"
    run_when_due(start + timedelta(hours=1))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (4, 0, 0)
    assert server.sessions == 3  # the dropped one, the next in that run, the retry's


def test_a_stalled_server_times_out_and_the_mail_is_retried(db, queue_many, smtp_server):
    # The server stalls longer than the worker's timeout (kept short so the test is quick).
    server = smtp_server(stall=1, stall_seconds=0.6, timeout=0.3)
    addresses = queue_many(3)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tally = send_outbox()
    assert (tally.sent, tally.retry) == (2, 1)
    assert "timed out" in Email.objects.get(to=["p0@example.dk"]).logs.get().message
    run_when_due(start + timedelta(hours=1))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (3, 0, 0)


def test_an_absent_server_is_tried_once_per_run_and_nothing_is_lost(
    db, queue_many, smtp_server, settings
):
    from klynge.mail.tests.smtp import delivery_to

    port = free_port()
    settings.MAILERS = {**settings.MAILERS, "delivery": delivery_to(port)}
    addresses = queue_many(4)
    tally = send_outbox()
    assert (tally.sent, tally.retry, tally.failed) == (0, 4, 0)
    assert "ConnectionRefusedError" in tally.unreachable
    assert Log.objects.filter(exception_type="unreachable").count() == 4
    server = smtp_server(port=port)
    run_when_due(timezone.now() + timedelta(hours=1))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (4, 0, 0)


def test_smtp_down_for_48_hours_then_up_loses_nothing(db, queue_many, smtp_server, settings):
    from klynge.mail.tests.smtp import delivery_to

    port = free_port()
    settings.MAILERS = {**settings.MAILERS, "delivery": delivery_to(port)}
    addresses = queue_many(3)
    start = timezone.now()
    outage = start + timedelta(hours=48)
    with time_machine.travel(start, tick=False):
        send_outbox()
    runs = run_when_due(outage)
    # Pauses of 1, 2, 4, ... 32 minutes, then hourly: about 53 tries in 48 hours, not one a minute.
    assert 45 <= runs <= 55
    assert not Email.objects.filter(status=STATUS.failed).exists()
    server = smtp_server(port=port)
    run_when_due(outage + timedelta(hours=2))
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (3, 0, 0)
    assert server.sessions == 1


def test_after_the_give_up_time_of_refusals_a_mail_fails_and_requeue_mail_sends_it(
    db, queue_many, smtp_server, settings
):
    # Three hours instead of 72 keeps the test short; rules.gives_up is tested for 72 hours.
    settings.KLYNGE_MAIL_GIVE_UP_HOURS = 3
    server = smtp_server(refuse=10_000)
    addresses = queue_many(2)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_outbox()
    run_when_due(start + timedelta(hours=10))
    failed = Email.objects.filter(status=STATUS.failed)
    assert failed.count() == 2
    first = failed.first()
    assert first.number_of_retries == 9  # pauses of 1+2+4+8+16+32+60+60 minutes = 3 h 3 min
    assert first.logs.latest("date").message.startswith("451 4.3.0")
    tried_for = first.logs.latest("date").date - first.logs.earliest("date").date
    assert timedelta(hours=3) <= tried_for < timedelta(hours=4)
    server.refuse = 0
    call_command("requeue_mail", "--all")
    send_outbox()
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (2, 0, 0)
