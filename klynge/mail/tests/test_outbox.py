from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from post_office.models import STATUS, Email

from klynge.mail import outbox
from klynge.mail.lease import lease, take
from klynge.mail.models import Dispatch
from klynge.mail.outbox import queue_mail, queue_mails, status_for
from klynge.mail.worker import send_outbox


def test_same_key_queues_one_mail(world, mail_templates):
    first = queue_mail(
        "hello", "a@example.dk", {"name": "Anne"}, key="test:1:a", about=world.cluster_a
    )
    second = queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:1:a")
    assert first is not None and second is None
    assert Email.objects.count() == 1 and Dispatch.objects.count() == 1
    assert first.subject == "Hej Anne"
    delivery = status_for(world.cluster_a)
    assert (delivery.sent, delivery.queued, delivery.failed) == (0, 1, 0)


def test_a_key_queued_meanwhile_by_another_transaction_queues_nothing(
    world, mail_templates, monkeypatch
):
    """Two requests check the key at once and both render: the second insert of the key fails,
    and its mail goes with it (the first one's mail is the one sent)."""
    from django.db.models import QuerySet

    queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:race:a")
    checks = []
    monkeypatch.setattr(QuerySet, "exists", lambda self: (checks.append(1), len(checks) > 1)[1])
    again = queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:race:a")
    assert again is None and len(checks) == 2
    assert Email.objects.count() == 1 and Dispatch.objects.get().email is not None


def test_each_mail_has_its_key_in_the_same_insert_as_its_email(world, mail_templates):
    with CaptureQueriesContext(connection) as queries:
        email = queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:one:a")
    assert Dispatch.objects.get(key="test:one:a").email == email
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def hello(names: str, prefix: str = "many"):
    return [
        (f"{prefix}:{n}", lambda n=n: {"template": "hello", "to": f"{n}@example.dk",
                                       "context": {"name": n}})
        for n in names
    ]  # fmt: skip


def test_many_mails_are_the_mails_queue_mail_writes_in_a_constant_number_of_queries(
    world, mail_templates
):
    one = queue_mail("hello", "one@example.dk", {"name": "one"}, key="single")
    with CaptureQueriesContext(connection) as three:
        assert queue_mails(hello("abc", "three")) == 3
    with CaptureQueriesContext(connection) as nine:
        assert queue_mails(hello("defghijkl", "nine") + hello("abc", "three")) == 9
    assert len(three) == len(nine)
    email = Dispatch.objects.get(key="nine:d").email
    assert (email.subject, email.status, email.to) == ("Hej d", STATUS.queued, ["d@example.dk"])
    assert email.message.replace("d", "one") == one.message.replace("d", "one")
    assert queue_mails(hello("abc", "three")) == 0, "a key queues once"
    assert Email.objects.count() == 13


def test_a_key_of_many_queued_meanwhile_by_another_transaction_queues_the_others(
    world, mail_templates, monkeypatch
):
    queue_mail("hello", "b@example.dk", {"name": "b"}, key="race:b")
    monkeypatch.setattr(outbox, "known_keys", lambda keys: set())  # looked up before b was in
    assert queue_mails(hello("abc", "race")) == 2
    assert sorted(Dispatch.objects.values_list("key", flat=True)) == ["race:a", "race:b", "race:c"]
    assert Email.objects.count() == 3


def test_an_address_the_outbox_refuses_skips_that_mail_only(world, mail_templates):
    mails = hello("ab") + [("many:bad", lambda: {"template": "hello", "to": "not an address",
                                                 "context": {"name": "x"}})]  # fmt: skip
    assert queue_mails(mails) == 2
    assert not Dispatch.objects.filter(key="many:bad").exists()


def test_worker_sends_queued_mail_once(world, mail_templates, mailoutbox):
    queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:2:a", about=world.cluster_a)
    call_command("send_due")
    call_command("send_due")
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == STATUS.sent
    assert status_for(world.cluster_a).sent == 1


def test_each_mail_costs_a_constant_number_of_queries_and_all_share_one_connection(
    db, queue_many, smtp_server
):
    server = smtp_server()
    queue_many(3, prefix="a")
    with CaptureQueriesContext(connection) as three:
        assert send_outbox().sent == 3
    queue_many(9, prefix="b")
    with CaptureQueriesContext(connection) as nine:
        assert send_outbox().sent == 9
    # Per mail: its claim and the previous mail's mark, in one transaction (a savepoint here, so
    # two more statements); per run: the mails and their attachments in one chunk, then an empty
    # look-up that ends the run, and the last mail's mark.
    assert len(three) == 3 + 3 * 4 and len(nine) == 3 + 9 * 4
    assert server.sessions == 2, "one connection per run, not per mail"
    assert server.counts([f"a{i}@example.dk" for i in range(3)]).received == 3


def test_the_lease_lets_one_holder_in_and_runs_out_a_minute_after_its_last_renewal(db):
    with lease("job") as first, lease("job") as second:
        assert first is not None and second is None
    with lease("job") as again:
        assert again is not None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        held = take("job")  # and then the worker dies without releasing it
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        assert take("job") is None
        assert held.renew()  # the holder is alive and renews: another minute from now
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        assert take("job") is None
    with time_machine.travel(start + timedelta(seconds=111), tick=False):
        assert take("job") is not None, "60 s after the last renewal it is free"
        assert not held.renew(), "the dead holder cannot renew a lease another worker took"


def test_jobs_are_skipped_while_another_worker_holds_the_lease(db, mail_templates):
    held = take("send_due")
    queue_mail("hello", "a@example.dk", {"name": "A"}, key="test:lease")
    from io import StringIO

    out = StringIO()
    call_command("send_due", stdout=out)
    assert "another worker is running them" in out.getvalue()
    # ...but the mail is sent: sending needs no lease.
    assert Email.objects.get().status == STATUS.sent
    held.release()


def failed_mail(address="x@example.dk", key="test:failed"):
    email = queue_mail("hello", address, {"name": "X"}, key=key)
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed, number_of_retries=77)
    return email


def test_requeue_mail_by_id_or_all(db, mail_templates):
    one, two = failed_mail(key="k1"), failed_mail(key="k2")
    sent = queue_mail("hello", "s@example.dk", {"name": "S"}, key="k3")
    Email.objects.filter(pk=sent.pk).update(status=STATUS.sent)
    call_command("requeue_mail", str(one.pk))
    one.refresh_from_db()
    assert (one.status, one.number_of_retries) == (STATUS.queued, 0)
    with pytest.raises(CommandError, match=str(sent.pk)):
        call_command("requeue_mail", str(sent.pk))  # a sent mail is not sent again
    with pytest.raises(CommandError):
        call_command("requeue_mail")
    call_command("requeue_mail", "--all")
    two.refresh_from_db()
    assert two.status == STATUS.queued
    assert Email.objects.get(pk=sent.pk).status == STATUS.sent
