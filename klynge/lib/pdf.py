"""PDF documents from templates with WeasyPrint. Fonts and styles come from this machine only.

Every PDF is tagged (PDF/UA-1: a structure tree screen readers follow) and carries its language
(`<html lang>`) and title (`<title>`, shown as the window title); its fonts are embedded. A shared
print stylesheet keeps table rows whole across pages and repeats the table header on each page.
Download names keep æøå (RFC 6266: `filename*` with an ASCII `filename` for old programs).
"""

import unicodedata
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

PDF_VARIANT = "pdf/ua-1"

# Added to every document's own styles: what makes a printed table readable.
PRINT_CSS = """
tr, img, li, .klynge-keep { break-inside: avoid; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
h1, h2, h3 { break-after: avoid; }
"""

ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def fetch_local():
    """WeasyPrint may read our static files and data: URLs; it never fetches from the network."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data", "file"})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetch_local())
    return document.write_pdf(stylesheets=[CSS(string=PRINT_CSS)], pdf_variant=PDF_VARIANT)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template, context, request=request))


def merge_pdfs(parts: list[bytes]) -> bytes:
    """Append PDFs (e.g. receipts after a claim) into one document.

    The first part (Klynge's own document) is kept whole: its structure tree, language, title
    and metadata describe the merged file; the pages of the others are added after it.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(parts[0])))
    for part in parts[1:]:
        for page in PdfReader(BytesIO(part)).pages:
            writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def ascii_name(name: str) -> str:
    """æøå spelled out, other accents dropped: for programs that cannot read `filename*`."""
    plain = unicodedata.normalize("NFKD", name.translate(ASCII_LETTERS))
    return plain.encode("ascii", "ignore").decode("ascii")


def content_disposition(filename: str, inline: bool = False) -> str:
    """RFC 6266: `attachment; filename="moedeliste.pdf"; filename*=UTF-8''m%C3%B8deliste.pdf`."""
    disposition = "inline" if inline else "attachment"
    fallback = ascii_name(filename).replace("\\", "").replace('"', "")
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def pdf_name(title: str) -> str:
    """A file name from a title: lower case, words joined by '-', æøå kept."""
    return f"{slugify(title, allow_unicode=True) or 'dokument'}.pdf"


def pdf_response(data: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(pdf_name(filename), inline)
    return response
