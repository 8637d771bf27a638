import threading

import pytest
from django.core.management import call_command
from post_office.models import STATUS, Email

from klynge.mail.lease import lease
from klynge.mail.models import Dispatch
from klynge.mail.outbox import queue_mail, status_for


@pytest.fixture
def mail_templates(settings, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text("Hej {{ name }}")
    (folder / "hello_body.txt").write_text("Kære {{ name }}\n")
    (folder / "hello_body.html").write_text("<p>Kære {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return folder


def test_same_key_queues_one_mail(world, mail_templates):
    first = queue_mail(
        "hello", "a@example.dk", {"name": "Anne"}, key="test:1:a", about=world.cluster_a
    )
    second = queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:1:a")
    assert first is not None and second is None
    assert Email.objects.count() == 1 and Dispatch.objects.count() == 1
    assert first.subject == "Hej Anne"
    assert status_for(world.cluster_a) == {"sent": 0, "queued": 1, "failed": 0}


def test_worker_sends_queued_mail_once(world, mail_templates, mailoutbox):
    queue_mail("hello", "a@example.dk", {"name": "Anne"}, key="test:2:a", about=world.cluster_a)
    call_command("send_due")
    call_command("send_due")
    assert len(mailoutbox) == 1
    assert Email.objects.get().status == STATUS.sent
    assert status_for(world.cluster_a)["sent"] == 1


def test_lease_lets_one_holder_in(db):
    with lease("job") as first, lease("job") as second:
        assert first is True and second is False
    with lease("job") as again:
        assert again is True


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_nothing_twice(world, mail_templates, mailoutbox, settings):
    for index in range(5):
        queue_mail("hello", f"p{index}@example.dk", {"name": "X"}, key=f"test:3:{index}")
    errors = []

    def work():
        try:
            call_command("send_due")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    call_command("send_due")
    assert errors == []
    assert sorted(m.to[0] for m in mailoutbox) == [f"p{i}@example.dk" for i in range(5)]
