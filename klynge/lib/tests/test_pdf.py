"""Every PDF is tagged (PDF/UA-1) with language and title, fonts embedded, rows never split, and
downloads keep their Danish names."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from klynge.lib.pdf import content_disposition, html_to_pdf, merge_pdfs, pdf_response


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF")
    return PdfReader(BytesIO(data))


def assert_accessible(reader: PdfReader, title: str, lang: str = "da"):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"]), "tagged"
    assert "/StructTreeRoot" in root, "a structure tree for screen readers"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == title


def fonts(reader: PdfReader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


def assert_fonts_embedded(reader: PdfReader):
    found = list(fonts(reader))
    assert found
    for font in found:
        descriptor = font["/FontDescriptor"]
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def long_table(rows: int) -> str:
    body = "".join(
        f"<tr><td>start-{n:03d}</td><td>{'lang tekst ' * 12}</td><td>slut-{n:03d}</td></tr>"
        for n in range(rows)
    )
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">'
        "<title>Mødedeltagerliste – Ærø</title></head><body><h1>Liste</h1>"
        "<table><thead><tr><th>Hovedrække</th><th>Tekst</th><th>Slut</th></tr></thead>"
        f"<tbody>{body}</tbody></table></body></html>"
    )


def page_of(reader: PdfReader) -> dict[str, int]:
    """Each word's first page."""
    where: dict[str, int] = {}
    for number, page in enumerate(reader.pages):
        for word in page.extract_text().split():
            where.setdefault(word, number)
    return where


def assert_rows_whole(reader: PdfReader, pairs: list[tuple[str, str]]):
    texts = [page.extract_text() for page in reader.pages]
    for first, last in pairs:
        pages = [n for n, text in enumerate(texts) if first in text]
        assert pages and all(last in texts[n] for n in pages), f"{first}…{last} split across pages"


def test_a_long_table_keeps_its_rows_whole_and_repeats_its_header():
    reader = read(html_to_pdf(long_table(60)))
    assert len(reader.pages) >= 3
    assert_accessible(reader, "Mødedeltagerliste – Ærø")
    assert_fonts_embedded(reader)
    assert_rows_whole(reader, [(f"start-{n:03d}", f"slut-{n:03d}") for n in range(60)])
    for page in reader.pages:
        assert "Hovedrække" in page.extract_text(), "the header row on every page"


def test_merged_files_keep_the_first_documents_tags_and_title():
    receipt = html_to_pdf('<html lang="da"><title>Bilag</title><p>Kvittering</p></html>')
    merged = read(merge_pdfs([html_to_pdf(long_table(3)), receipt, receipt]))
    assert len(merged.pages) == 3
    assert_accessible(merged, "Mødedeltagerliste – Ærø")


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("moede.pdf", 'attachment; filename="moede.pdf"'),
        (
            "referat-klyngemøde.pdf",
            "attachment; filename=\"referat-klyngemoede.pdf\"; filename*=UTF-8''"
            "referat-klyngem%C3%B8de.pdf",
        ),
        ('a"b\\c.pdf', "attachment; filename=\"abc.pdf\"; filename*=UTF-8''a%22b%5Cc.pdf"),
    ],
)
def test_download_names_follow_rfc_6266(name, header):
    assert content_disposition(name) == header


def test_pdf_response_keeps_danish_letters():
    response = pdf_response(b"%PDF", "Referat – Klyngemøde på Ærø")
    assert response["Content-Disposition"] == (
        'attachment; filename="referat-klyngemoede-paa-aeroe.pdf"; '
        "filename*=UTF-8''referat-klyngem%C3%B8de-p%C3%A5-%C3%A6r%C3%B8.pdf"
    )


@pytest.fixture
def long_list(world):
    from klynge.conftest import make_clinic, make_person
    from klynge.meetings.services import invite
    from klynge.meetings.tests.factories import make_meeting

    meeting = make_meeting(world.cluster_a, title="Klyngemøde om KOL")
    people = []
    for n in range(45):
        clinic = make_clinic(
            world.cluster_a, name=f"Lægehuset ved den meget lange gade slut{n:03d}"
        )
        people.append(make_person(f"Deltager{n:03d} Hansen", clinic))
    invite(meeting, people, send=False)
    return meeting, people


def test_the_attendance_list_never_splits_a_person_from_their_clinic(long_list):
    from klynge.meetings.views_attendance import attendance_pdf

    meeting, people = long_list
    reader = read(attendance_pdf(meeting))
    assert len(reader.pages) >= 2
    assert_accessible(reader, "Mødedeltagerliste")
    assert_fonts_embedded(reader)
    # The clinic's name wraps over lines and ends the row: its last word is on the row's page.
    assert_rows_whole(reader, [(f"Deltager{n:03d}", f"slut{n:03d}") for n in range(len(people))])


def test_the_claim_pack_with_receipts_is_tagged_and_titled(world):
    from klynge.money.pack import build_pack
    from klynge.money.tests import factories

    claim = factories.claim(world.cluster_a, lines=[("catering", "100.00")] * 12)
    reader = read(build_pack(claim))
    assert len(reader.pages) >= 13, "the pack, then one page per PDF receipt"
    assert_accessible(reader, "Refusionspakke")


def test_table_downloads_keep_danish_letters_too():
    from klynge.lib import tables

    response = tables.response(tables.Table(["a"], []), "medlemmer-ærø", "csv")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"medlemmer-aeroe.csv\"; filename*=UTF-8''medlemmer-%C3%A6r%C3%B8.csv"
    )


def test_dates_stored_as_text_read_as_danish_dates():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load klynge %}{{ a|dato }} / {{ b|dato }} / {{ c|dato }}")
    context = Context({"a": "2026-09-17", "b": date(2026, 4, 1), "c": "x"})
    assert template.render(context) == "17. september 2026 / 1. april 2026 / x"
    with translation.override("en"):
        assert template.render(context).startswith("17 September 2026")
