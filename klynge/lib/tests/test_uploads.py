"""Uploads (issue 11, item 5): a PDF is checked for its pages and how far its streams inflate
before it is stored or merged; a download is named from the checked type, never the user's name."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from klynge.lib import files
from klynge.lib.pdf import check_pdf, merge_pdfs


def pdf(pages=1, inflated=0) -> bytes:
    """A PDF with `pages` blank pages; the first page's content inflates to `inflated` bytes."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(200, 200)
    if inflated:
        stream = DecodedStreamObject()
        stream.set_data(b" " * inflated)
        page = writer.pages[0]
        page[NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name="bilag.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


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


@pytest.mark.django_db
def test_a_polyglot_uploaded_as_html_downloads_as_pdf(world, login):
    from klynge.meetings.models import Material
    from klynge.meetings.tests.factories import make_meeting

    meeting = make_meeting(world.cluster_a)
    client = login(world.users["coordinator"])
    page = reverse("meetings:materials", args=["klynge-a", meeting.pk])
    polyglot = pdf() + b"<html><script>alert(1)</script></html>"
    client.post(page, {"file": upload(polyglot, "x.html"), "label": ""})
    material = Material.objects.get()
    response = client.get(reverse("meetings:material", args=["klynge-a", meeting.pk, material.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="x.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    # A bomb is refused on the page, in Danish, and nothing is stored.
    response = client.post(page, {"file": upload(pdf(inflated=60 * 1_048_576)), "label": ""})
    assert response.status_code == 200 and "når den pakkes ud" in response.text
    assert Material.objects.count() == 1
