"""PDF documents from templates with WeasyPrint. Fonts and styles come from this machine only."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def fetch_local():
    """WeasyPrint may read our static files and data: URLs; it never fetches from the network."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data", "file"})


def render_pdf(template: str, context: dict, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetch_local()).write_pdf()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """Append PDFs (e.g. receipts after a claim) into one document."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(BytesIO(part)).pages:
            writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_response(data: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{slugify(filename)}.pdf"'
    return response
