"""Every PDF is tagged (PDF/UA-1) with language and title, fonts embedded, rows never split, and
downloads keep their Danish names."""

from datetime import date

import pytest

from ..pdf import content_disposition, html_to_pdf, merge_pdfs, pdf_response
from .pdfs import assert_accessible, assert_fonts_embedded, assert_rows_whole, read


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


def test_table_downloads_keep_danish_letters_too():
    from .. import tables

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


def test_no_garbage_collection_while_a_document_is_laid_out(monkeypatch):
    """The collector is off while WeasyPrint works and on again afterwards, also after an error;
    a collector someone else turned off stays off."""
    import gc

    from weasyprint import HTML

    seen = []
    write_pdf = HTML.write_pdf

    def watched(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", watched)
    assert gc.isenabled()
    html_to_pdf('<html lang="da"><head><title>T</title></head><body><p>Æblegrød</p></body></html>')
    assert seen == [False] and gc.isenabled()

    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(HTML, "write_pdf", broken)
    with pytest.raises(RuntimeError):
        html_to_pdf("<p>x</p>")
    assert gc.isenabled()

    monkeypatch.setattr(HTML, "write_pdf", watched)
    gc.disable()
    try:
        html_to_pdf('<html lang="da"><head><title>T</title></head><body><p>x</p></body></html>')
        assert not gc.isenabled()
    finally:
        gc.enable()
