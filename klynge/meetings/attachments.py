"""The meeting's materials as e-mail attachments, besides the link: when the coordinator chooses
and the total is at most `rules.ATTACH_LIMIT`. The files are stored once for the outbox and every
recipient's mail points at the same stored copies (post-office attachments are many-to-many)."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from post_office.models import Attachment
from post_office.utils import create_attachments

from klynge.lib.files import download_name
from klynge.mail.models import Dispatch
from klynge.meetings import rules
from klynge.meetings.lifecycle import Refused

TOO_LARGE = _(
    "Materialet fylder over 10 MB i alt og kan ikke vedhæftes. Send det som link, eller del det op."
)
NOTHING = _("Der er ikke lagt materiale op, der kan vedhæftes.")


def check(materials) -> None:
    """Raise `Refused` unless these materials may go as attachments."""
    sizes = [material.size for material in materials]
    if not sizes:
        raise Refused(NOTHING, code="no_materials")
    if not rules.may_attach(sizes):
        raise Refused(TOO_LARGE, code="too_large")


def store(materials) -> list[Attachment]:
    """One stored copy of each file for the outbox, named by its label and checked type."""
    files = {}
    for material in materials:
        name, mime = download_name(material.file, material.label)
        while name in files:
            name = f"_{name}"
        with material.file.open("rb") as handle:
            files[name] = {"file": ContentFile(handle.read()), "mimetype": mime}
    return create_attachments(files)


def link(attachments: list[Attachment], keys: list[str]) -> None:
    """Put the stored files on the mails queued under these outbox keys (two queries)."""
    email_ids = Dispatch.objects.filter(key__in=keys, email__isnull=False).values_list(
        "email_id", flat=True
    )
    Through = Attachment.emails.through
    Through.objects.bulk_create(
        Through(attachment_id=attachment.pk, email_id=email_id)
        for email_id in email_ids
        for attachment in attachments
    )
