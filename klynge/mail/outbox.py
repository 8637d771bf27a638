"""Send e-mail through the persisted outbox.

Each e-mail is three templates (`mail/<name>_subject.txt`, `_body.txt`, `_body.html`) rendered in
the recipient's language, written as a django-post-office row in the caller's transaction, and sent
later by the worker (`manage.py send_due`) with retries. A key per (cause, recipient) makes queueing
idempotent: queueing the same key twice queues one mail.

Every body extends the base layout (`mail/base_body.html`, `mail/base_body.txt`): the language, the
sign-off of whoever the mail speaks for (`voice`, see `sender.py`), why the recipient gets it (the
template's `why` block), and the unsubscribe link of optional mail. The subject and the text part
are rendered without HTML escaping; only the HTML part escapes. The headers (Reply-To,
Auto-Submitted, List-Unsubscribe) come from `sender.headers_for`.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from post_office import mail
from post_office.models import STATUS, Attachment, Email, Log
from post_office.signals import email_queued
from post_office.utils import parse_emails

from klynge.mail import optout
from klynge.mail.models import Dispatch
from klynge.mail.sender import CLUSTER, Sender, headers_for, sender_for

logger = logging.getLogger(__name__)


def model_ref(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def absolute(path: str) -> str:
    return settings.KLYNGE_BASE_URL + path


def render_text(name: str, context: dict) -> str:
    """A subject or text part: rendered without HTML escaping (plain text has no `&amp;`)."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_parts(
    template: str, to: str, context: dict, *, cluster, voice, automatic, optional, sender=None
):
    """(subject, text, html, headers) in the active language."""
    sender = sender or sender_for(cluster, voice, to)
    context = {"base_url": settings.KLYNGE_BASE_URL, **context}
    subject = " ".join(render_text(f"mail/{template}_subject.txt", context).split())
    unsubscribe = optout.url(to, template) if optional else ""
    context["mail"] = {
        "language": translation.get_language(),
        "subject": subject,
        "sender": sender,
        "reply_to": sender.reply_to(to),
        "reply_name": sender.reply_name or sender.name,
        "cluster": cluster,
        "unsubscribe_url": unsubscribe,
    }
    text = render_text(f"mail/{template}_body.txt", context)
    html = render_to_string(f"mail/{template}_body.html", context)
    headers = headers_for(sender, to, automatic=automatic, unsubscribe_url=unsubscribe)
    return subject, text, html, headers


def queue_mail(template: str, to: str, context: dict, key: str, **options) -> Email | None:
    """Queue one e-mail unless `key` was queued before. Returns the new Email or None.

    `voice`: who the mail speaks for (`sender.VOICES`). `automatic=False` for a mail a person
    wrote (no Auto-Submitted header). `optional=True` for a mail the recipient may stop (it gets an
    unsubscribe link; once stopped, this template is not queued to that address again). `sender`
    replaces the voice's sign-off and Reply-To (a forwarded reply answers to its writer). The
    options (`cluster`, `about`, `attachments`, `headers`, `language`, `voice`, `automatic`,
    `optional`, `sender`) are `prepare`'s.
    """
    key = key[:200]
    if Dispatch.objects.filter(key=key).exists():
        return None
    one = prepare(template, to, context, key, **options)
    if one is None:
        return None
    try:
        with transaction.atomic():
            write_all([one])
    except IntegrityError:  # another transaction queued the same key meanwhile: it sends it
        if not Dispatch.objects.filter(key=key).exists():
            raise
        return None
    email_queued.send(sender=Email, emails=[one.email])
    return one.email


def queue_mails(mails: Iterable[tuple[str, Callable[[], dict]]]) -> int:
    """Queue many mails at once (a send-out): `queue_mail` for each `(key, build)` whose key is
    new, where `build()` gives `queue_mail`'s other arguments (called only for new keys). Returns
    how many were queued.

    The same mails as one `queue_mail` each, written in bulk: the keys are looked up in one query,
    and the mails, their attachments and their keys are inserted in one statement each, in one
    transaction. A mail to an address the outbox refuses is skipped and logged. Should another
    transaction queue one of the keys meanwhile, the bulk insert is undone and each mail is queued
    on its own (`queue_mail`: that key queues nothing).
    """
    mails = list({key[:200]: build for key, build in mails}.items())
    known = known_keys([key for key, _ in mails])
    prepared = []
    for key, build in mails:
        if key in known:
            continue
        arguments = build()
        try:
            one = prepare(key=key, **arguments)
        except ValidationError:
            logger.warning("mail: not queued, invalid address for key %s", key)
            continue
        if one is not None:
            prepared.append((one, arguments))
    try:
        with transaction.atomic():
            write_all([one for one, _ in prepared])
    except IntegrityError:
        queued = 0
        for one, arguments in prepared:
            arguments = {**arguments, "attachments": one.files}
            queued += queue_mail(key=one.dispatch.key, **arguments) is not None
        return queued
    email_queued.send(sender=Email, emails=[one.email for one, _ in prepared])
    return len(prepared)


def known_keys(keys: list[str]) -> set[str]:
    return set(Dispatch.objects.filter(key__in=keys).values_list("key", flat=True))


@dataclass
class Prepared:
    email: Email
    dispatch: Dispatch
    files: dict | None


def prepare(
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
    voice: str = CLUSTER,
    automatic: bool = True,
    optional: bool = False,
    sender: Sender | None = None,
) -> Prepared | None:
    """A mail rendered and its rows made (not saved), as `queue_mail` writes them; None if the
    recipient stopped this optional mail."""
    if optional and optout.stopped(to, template):
        return None
    recipients = parse_emails([to])
    with translation.override(language):
        subject, text, html, standard = render_parts(
            template, to, context, cluster=cluster, voice=voice, automatic=automatic,
            optional=optional, sender=sender,
        )  # fmt: skip
    email = mail.create(
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        subject=subject,
        message=text,
        html_message=html,
        headers={**standard, **(headers or {})},
        priority="medium",
        commit=False,
    )
    email.full_clean()
    dispatch = Dispatch(
        key=key,
        email=email,
        recipient=to,
        template=template,
        cluster=cluster,
        subject_ref=model_ref(about) if about is not None else "",
    )
    return Prepared(email, dispatch, attachments)


def write_all(prepared: list[Prepared]) -> None:
    """The mails, their attachments (each file stored as post-office stores it) and their keys,
    one insert each."""
    Email.objects.bulk_create([one.email for one in prepared])
    files, links = [], []
    for one in prepared:
        for filename, data in (one.files or {}).items():
            data = data if isinstance(data, dict) else {"file": data}
            attachment = Attachment(
                name=filename, mimetype=data.get("mimetype") or "", headers=data.get("headers")
            )
            attachment.file.save(filename, content=data["file"], save=False)
            files.append(attachment)
            links.append(one.email)
    Attachment.objects.bulk_create(files)
    Attachment.emails.through.objects.bulk_create(
        Attachment.emails.through(attachment_id=attachment.pk, email_id=email.pk)
        for attachment, email in zip(files, links, strict=True)
    )
    for one in prepared:
        one.dispatch.email = one.email
    Dispatch.objects.bulk_create([one.dispatch for one in prepared])


@dataclass
class Failed:
    """A mail that was given up, for the page of what caused it."""

    dispatch: int
    recipient: str
    subject: str
    answer: str
    when: datetime


@dataclass
class Delivery:
    sent: int = 0
    queued: int = 0
    failed: int = 0
    failures: list[Failed] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.queued or self.failed)


def status_for(about) -> Delivery:
    """The mails caused by an object (a meeting, a notice): counts, and the failed ones with the
    server's last answer (one query, a second only when some failed)."""
    delivery = Delivery()
    failed = []
    rows = Dispatch.objects.filter(subject_ref=model_ref(about), email__isnull=False).values_list(
        "pk", "recipient", "email_id", "email__status", "email__subject", "email__last_updated"
    )
    for pk, recipient, email_id, status, subject, updated in rows:
        if status == STATUS.sent:
            delivery.sent += 1
        elif status == STATUS.failed:
            delivery.failed += 1
            failed.append((pk, recipient, email_id, subject, updated))
        else:
            delivery.queued += 1
    if failed:
        answers = {}
        logs = Log.objects.filter(email_id__in=[row[2] for row in failed]).order_by("date", "pk")
        for email_id, message in logs.values_list("email_id", "message"):
            answers[email_id] = message
        delivery.failures = [
            Failed(pk, recipient, subject, answers.get(email_id, ""), updated)
            for pk, recipient, email_id, subject, updated in sorted(failed, key=lambda r: r[1])
        ]
    return delivery
