"""Uploads (issue 11, item 5): a PDF is checked for its pages and how far its streams inflate
before it is stored or merged; a download is named from the checked type, never the user's name."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter

from .. import files
from ..pdf import check_pdf, merge_pdfs
from .pdfs import pdf, upload


def test_a_pdf_that_inflates_to_100_mb_is_refused_in_danish():
    bomb = pdf(inflated=100 * 1_048_576)
    assert len(bomb) < 200_000  # about 100 KB on disk
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload(bomb), files.RECEIPT_KINDS)
    assert refused.value.code == "pdf_inflated"
    assert "når den pakkes ud" in str(refused.value.message)
    with pytest.raises(ValidationError):
        merge_pdfs([pdf(), bomb])


def test_the_limits_are_settings(settings):
    settings.KLYNGE_MAX_PDF_PAGES = 3
    settings.KLYNGE_MAX_PDF_INFLATED_BYTES = 1_048_576
    assert check_pdf(pdf(pages=3, inflated=1_000_000)) == 3
    with pytest.raises(ValidationError) as refused:
        check_pdf(pdf(pages=4))
    assert refused.value.code == "pdf_pages" and refused.value.params["pages"] == 4
    with pytest.raises(ValidationError) as refused:
        check_pdf(pdf(inflated=1_100_000))
    assert refused.value.code == "pdf_inflated"


def test_broken_and_locked_pdfs_are_refused():
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload(b"%PDF-1.4\n" + b"\x00garbage" * 50), files.RECEIPT_KINDS)
    assert refused.value.code == "pdf_broken"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("hemmelig")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError) as refused:
        check_pdf(out.getvalue())
    assert refused.value.code == "pdf_locked"


def test_ordinary_pdfs_pass_and_merge():
    merged = merge_pdfs([pdf(pages=2), pdf(pages=1, inflated=10_000)])
    assert len(PdfReader(io.BytesIO(merged)).pages) == 3
    assert files.check_upload(upload(pdf()), files.RECEIPT_KINDS) == files.PDF


class Stored:
    def __init__(self, name):
        self.name = name


def test_download_name_comes_from_the_checked_type():
    assert files.download_name(Stored("meetings/1/ab.pdf"), "x.html") == ("x.pdf", files.PDF.mime)
    assert files.download_name(Stored("r/ab.png"), "../../evil.pdf.exe")[0] == "evil.pdf.png"
    assert files.download_name(Stored("r/ab.docx"), "Referat") == ("Referat.docx", files.DOCX.mime)
    assert files.download_name(Stored("r/ab"), "") == ("fil.bin", "application/octet-stream")
