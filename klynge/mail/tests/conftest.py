import pytest

from klynge.mail.outbox import queue_mail


@pytest.fixture
def mail_templates(settings, tmp_path):
    """A tiny mail template, `hello`, so these tests do not depend on any app's mails."""
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text("Hej {{ name }}")
    (folder / "hello_body.txt").write_text("Kære {{ name }}\n")
    (folder / "hello_body.html").write_text("<p>Kære {{ name }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return folder


@pytest.fixture
def queue_many(mail_templates):
    """queue_many(n, about=None) queues n mails to p0@… p(n-1)@…; returns the addresses."""

    def queue(count, about=None, cluster=None, prefix="p"):
        addresses = [f"{prefix}{index}@example.dk" for index in range(count)]
        for address in addresses:
            queue_mail(
                "hello",
                address,
                {"name": address},
                key=f"test:{address}",
                about=about,
                cluster=cluster,
            )
        return addresses

    return queue
