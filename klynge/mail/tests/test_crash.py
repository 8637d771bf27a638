"""Crashes: `manage.py send_due` as a real process on the test database (a file on SQLite, the test
database on PostgreSQL), killed with SIGKILL mid-batch and restarted, or run twice at once; and a
scheduled job that stops half-way and runs again. Each counts received, duplicated, lost."""

import os
import signal
import subprocess
import sys
from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Email

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The test database as the worker process reaches it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}/?timeout=5",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_due"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(worker: subprocess.Popen) -> str:
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    return out


def test_sigkill_mid_batch_then_restart_every_mail_arrives_at_most_one_twice(
    queue_many, smtp_server
):
    addresses = queue_many(30)
    workers = []

    def kill_at_the_tenth(server):
        # The tenth mail has arrived but the worker has not heard "250 OK": the worst moment.
        if len(server.received) == 10:
            os.kill(workers[0].pid, signal.SIGKILL)

    server = smtp_server(on_message=kill_at_the_tenth)
    workers.append(start_worker(server.port))
    workers[0].wait(timeout=60)
    assert workers[0].returncode == -signal.SIGKILL
    assert len(server.received) == 10

    restart = timezone.now()
    assert "mail: 20 sent" in finish(start_worker(server.port))
    # The mail in flight is claimed by the dead worker for at most a minute; then it goes again.
    with time_machine.travel(restart + timedelta(seconds=60), tick=False):
        call_command("send_due")
    counts = server.counts(addresses)
    assert (counts.received, counts.lost) == (30, 0)
    assert counts.duplicated <= 1
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    # The copy carries the first one's Message-ID, so mail programs show it once.
    ids = [
        envelope.content.split(b"Message-ID: ")[1].split(b"\r\n")[0] for envelope in server.received
    ]
    assert len(set(ids)) == 30


def test_two_workers_at_once_share_the_outbox_and_send_nothing_twice(queue_many, smtp_server):
    addresses = queue_many(20)
    # Each message waits until both workers are connected, so they really overlap.
    server = smtp_server(wait_for_sessions=2)
    workers = [start_worker(server.port), start_worker(server.port)]
    for worker in workers:
        finish(worker)
    counts = server.counts(addresses)
    assert (counts.received, counts.duplicated, counts.lost) == (20, 0, 0)
    assert len(set(server.peers)) == 2, "both workers sent some of the mails"


def crash_on_the(nth: int):
    """Make the outbox fail on its nth write of a mail, as if the process died there."""
    from klynge.mail import outbox

    real, calls = outbox.write_all, []

    def write_all(prepared):
        calls.append(1)
        if len(calls) == nth:
            raise RuntimeError("the worker died here")
        return real(prepared)

    return mock.patch.object(outbox, "write_all", write_all)


def test_a_reminder_job_stopped_half_way_sends_each_reminder_once_when_run_again(world):
    from klynge.clusters.models import ClusterRules
    from klynge.conftest import make_person
    from klynge.meetings import services
    from klynge.meetings.tests.factories import make_meeting

    ClusterRules.objects.create(
        cluster=world.cluster_a,
        valid_from=date(2020, 1, 1),
        answer_deadline_days=14,
        reminder_days=[7],
    )
    people = [make_person(f"Laege {n}", world.clinic_a1) for n in range(4)]
    meeting = make_meeting(world.cluster_a, days=30)
    services.invite(meeting, people, by=None)
    meeting.refresh_from_db()
    Email.objects.all().delete()
    with time_machine.travel(meeting.answer_deadline - timedelta(days=6), tick=False):
        with crash_on_the(3), pytest.raises(RuntimeError):
            call_command("send_due")
        assert Email.objects.count() == 2
        call_command("send_due")
        call_command("send_due")
    reminded = sorted(e.to[0] for e in Email.objects.filter(subject__startswith="Påmindelse"))
    assert reminded == sorted(p.email for p in people)


def test_a_term_reminder_job_stopped_half_way_sends_each_once_when_run_again(world):
    from klynge.clusters.models import Post

    Post.objects.filter(cluster=world.cluster_a).update(term_end=date.today() + timedelta(days=30))
    holders = sorted(
        Post.objects.filter(cluster=world.cluster_a).values_list("person__email", flat=True)
    )
    assert len(holders) == 2
    with crash_on_the(2), pytest.raises(RuntimeError):
        call_command("send_due")
    call_command("send_due")
    call_command("send_due")
    reminded = sorted(e.to[0] for e in Email.objects.filter(subject__contains="udløber"))
    assert reminded == holders
