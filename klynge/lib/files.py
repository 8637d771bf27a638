"""Uploaded files: type checked by content (not by name), size-limited, stored under server-made
names, and served only through views that check access."""

import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    extension: str
    mime: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
JPEG = Kind("jpg", "image/jpeg", "JPEG")
PNG = Kind("png", "image/png", "PNG")
DOCX = Kind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = Kind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint",
)

# A table to read, never stored: CSV is plain text, so it is told by having no binary signature.
CSV = Kind("csv", "text/csv", "CSV")
TABLE_KINDS = (CSV, XLSX)

RECEIPT_KINDS = (PDF, JPEG, PNG)
MATERIAL_KINDS = (PDF, DOCX, XLSX, PPTX, JPEG, PNG)

OOXML_MARKERS = {"docx": b"word/", "xlsx": b"xl/", "pptx": b"ppt/"}


def sniff(head: bytes) -> Kind | None:
    """The kind of a file from its first bytes. Office files are zip archives: look inside."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == "application/pdf":
        return PDF
    if guess.mime == "image/jpeg":
        return JPEG
    if guess.mime == "image/png":
        return PNG
    if guess.extension in OOXML_MARKERS or guess.mime == "application/zip":
        for ext, marker in OOXML_MARKERS.items():
            if marker in head:
                return {"docx": DOCX, "xlsx": XLSX, "pptx": PPTX}[ext]
    return None


def check_size(upload) -> None:
    """Raise a Danish ValidationError if the upload is over the size limit."""
    limit = settings.KLYNGE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Filen fylder %(size)s MB; den må højst fylde %(limit)s MB."),
            params={"size": round(upload.size / 1_048_576, 1), "limit": limit // 1_048_576},
            code="too_big",
        )


def check_table_upload(upload) -> Kind:
    """A spreadsheet to read (CSV or Excel .xlsx), not too big: XLSX by content, CSV as text."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    kind = sniff(head)
    if kind == XLSX:
        return XLSX
    if kind is None and head and b"\x00" not in head:
        return CSV
    raise ValidationError(
        _("Filen %(name)s er hverken en CSV-fil eller en Excel-projektmappe (.xlsx)."),
        params={"name": upload.name},
        code="bad_type",
    )


def check_upload(upload, allowed: tuple[Kind, ...]) -> Kind:
    """Raise a Danish ValidationError unless the upload is one of the allowed kinds and not too big."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    kind = sniff(head)
    if kind not in allowed:
        names = ", ".join(k.label for k in allowed)
        raise ValidationError(
            _("Filen %(name)s er ikke en gyldig fil af de tilladte typer (%(types)s)."),
            params={"name": upload.name, "types": names},
            code="bad_type",
        )
    if kind == PDF:  # page count and inflated size, before it is stored or merged
        from .pdf import check_pdf

        upload.seek(0)
        check_pdf(upload.read(), upload.name)
        upload.seek(0)
    return kind


def server_name(prefix: str, kind: Kind) -> str:
    """A name we make ourselves; the user's file name is kept only as a label."""
    return f"{prefix}/{uuid.uuid4().hex}.{kind.extension}"


KINDS = {kind.extension: kind for kind in (PDF, JPEG, PNG, DOCX, XLSX, PPTX)}


def download_name(file_field, label: str) -> tuple[str, str]:
    """The file name and type to serve under: the type from the stored, server-made name (the
    kind checked by content at upload), never from the user's label; the label only names it."""
    kind = KINDS.get(file_field.name.rsplit(".", 1)[-1].lower())
    base = label.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = get_valid_filename(stem[:150]) if stem else ""
    stem = stem or "fil"
    if kind is None:
        return f"{stem}.bin", "application/octet-stream"
    return f"{stem}.{kind.extension}", kind.mime


def download(file_field, label: str, mime: str | None = None) -> FileResponse:
    """Serve a stored upload as an attachment. `mime` is ignored: the type is the checked one."""
    filename, content_type = download_name(file_field, label)
    response = FileResponse(
        file_field.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
