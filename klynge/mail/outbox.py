"""Send e-mail through the persisted outbox.

Each e-mail is three templates (`mail/<name>_subject.txt`, `_body.txt`, `_body.html`) rendered in
the recipient's language, written as a django-post-office row in the caller's transaction, and sent
later by the worker (`manage.py send_due`) with retries. A key per (cause, recipient) makes queueing
idempotent: queueing the same key twice queues one mail.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail
from post_office.models import Email

from klynge.mail.models import Dispatch


def model_ref(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def absolute(path: str) -> str:
    return settings.KLYNGE_BASE_URL + path


def queue_mail(
    template: str,
    to: str,
    context: dict,
    key: str,
    *,
    cluster=None,
    about=None,
    attachments: dict | None = None,
    headers: dict | None = None,
    language: str = "da",
) -> Email | None:
    """Queue one e-mail unless `key` was queued before. Returns the new Email or None."""
    with transaction.atomic():
        dispatch, created = Dispatch.objects.get_or_create(
            key=key[:200],
            defaults={
                "recipient": to,
                "template": template,
                "cluster": cluster,
                "subject_ref": model_ref(about) if about is not None else "",
            },
        )
        if not created:
            return None
        context = {"base_url": settings.KLYNGE_BASE_URL, **context}
        with translation.override(language):
            subject = render_to_string(f"mail/{template}_subject.txt", context)
            text = render_to_string(f"mail/{template}_body.txt", context)
            html = render_to_string(f"mail/{template}_body.html", context)
        email = mail.send(
            recipients=[to],
            sender=settings.DEFAULT_FROM_EMAIL,
            subject=" ".join(subject.split()),
            message=text,
            html_message=html,
            attachments=attachments,
            headers=headers,
            priority="medium",
            commit=True,
        )
        dispatch.email = email
        dispatch.save(update_fields=["email"])
        return email


def status_for(about) -> dict[str, int]:
    """Counts of sent / queued / failed mails caused by an object (e.g. a meeting)."""
    from post_office.models import STATUS

    counts = {"sent": 0, "queued": 0, "failed": 0}
    names = {STATUS.sent: "sent", STATUS.queued: "queued", STATUS.failed: "failed"}
    rows = Email.objects.filter(dispatches__subject_ref=model_ref(about)).values_list(
        "status", flat=True
    )
    for status in rows:
        counts[names.get(status, "queued")] += 1
    return counts
