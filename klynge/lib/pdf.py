"""PDF documents from templates with WeasyPrint. Fonts and styles come from this machine only.

Every PDF is tagged (PDF/UA-1: a structure tree screen readers follow) and carries its language
(`<html lang>`) and title (`<title>`, shown as the window title); its fonts are embedded. A shared
print stylesheet keeps table rows whole across pages and repeats the table header on each page.
Download names keep æøå (RFC 6266: `filename*` with an ASCII `filename` for old programs).
"""

import gc
import threading
import unicodedata
from contextlib import contextmanager
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

PDF_VARIANT = "pdf/ua-1"

# Added to every document's own styles: what makes a printed table readable.
PRINT_CSS = """
tr, img, li, .klynge-keep { break-inside: avoid; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
h1, h2, h3 { break-after: avoid; }
"""

ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


# What every PDF shares, made once per process and thread (a server process makes many PDFs): the
# URL fetcher (making one builds an SSL context, ~20 ms) and the parsed print stylesheet.
_shared = threading.local()


def fetch_local():
    """WeasyPrint may read our static files and data: URLs; it never fetches from the network."""
    fetcher = getattr(_shared, "fetcher", None)
    if fetcher is None:
        from weasyprint import URLFetcher

        fetcher = _shared.fetcher = URLFetcher(allowed_protocols={"data", "file"})
    return fetcher


def print_css():
    css = getattr(_shared, "print_css", None)
    if css is None:
        from weasyprint import CSS

        css = _shared.print_css = CSS(string=PRINT_CSS)
    return css


@contextmanager
def few_collections():
    """No cyclic garbage collection while a document is laid out: WeasyPrint makes some hundred
    thousand boxes and styles, long-lived until the PDF is written, and the collector would walk
    them again and again (a fifth of a long list's time). Reference counting still frees what is
    dropped, and the collector runs as usual again once the PDF is written."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    with few_collections():
        document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetch_local())
        return document.write_pdf(stylesheets=[print_css()], pdf_variant=PDF_VARIANT)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template, context, request=request))


WARM_UP = (
    '<html lang="da"><head><title>Klynge</title><style>body { font-family: "DejaVu Sans" } '
    'p { font-family: "DejaVu Serif" }</style></head><body><table><tr><td>Klynge <b>æøå</b>'
    "</td></tr></table><p>Klynge <i>æøå</i></p></body></html>"
)


def warm_up() -> None:
    """Render a line in the PDFs' fonts: loads WeasyPrint, fontconfig and the fonts (seconds), so
    that a server process does it once at start (gunicorn.conf.py) and not in a user's request."""
    html_to_pdf(WARM_UP)


def merge_pdfs(parts: list[bytes]) -> bytes:
    """Append PDFs (e.g. receipts after a claim) into one document.

    The first part (Klynge's own document) is kept whole: its structure tree, language, title
    and metadata describe the merged file; the pages of the others are added after it. The
    others (uploads) are checked first (`check_pdf`), and all are read under the same limits.
    """
    from pypdf import PdfReader, PdfWriter, apply_configuration

    for part in parts[1:]:
        check_pdf(part)
    with apply_configuration(None, **limits(max_inflated_bytes())):
        writer = PdfWriter(clone_from=PdfReader(BytesIO(parts[0])))
        for part in parts[1:]:
            for page in PdfReader(BytesIO(part)).pages:
                writer.add_page(page)
        out = BytesIO()
        writer.write(out)
    return out.getvalue()


# --- Headers and footers over a whole merged file ---------------------------------------------

STAMP_PAGE = (
    "@page p{n} {{ size: {width}pt {height}pt; margin: 0; }}"
    " .p{n} {{ page: p{n}; width: {width}pt; height: {height}pt; }}"
)
STAMP_CSS = """
body { margin: 0; font-family: "DejaVu Sans", sans-serif; font-size: 7.5pt; color: #333; }
.stamp { position: relative; break-after: page; }
.stamp:last-child { break-after: auto; }
.foot { position: absolute; bottom: 6mm; left: 10mm; right: 10mm; display: flex;
        justify-content: space-between; align-items: flex-end; gap: 4mm; }
.foot span:last-child { white-space: nowrap; }
.label { position: absolute; top: 5mm; right: 12mm; font-size: 11pt; font-weight: bold;
         color: #000; background: #fff; border: 0.8pt solid #000; padding: 1mm 2.5mm; }
"""


def _stamps_html(sizes, footer: str, page_word: str, labels: dict[int, str]) -> str:
    from django.utils.html import escape

    total = len(sizes)
    styles, pages = [STAMP_CSS], []
    for n, (width, height) in enumerate(sizes):
        styles.append(STAMP_PAGE.format(n=n, width=round(width, 2), height=round(height, 2)))
        label = f'<div class="label">{escape(labels[n])}</div>' if n in labels else ""
        number = page_word % {"page": n + 1, "pages": total}
        pages.append(
            f'<div class="stamp p{n}">{label}<div class="foot"><span>{escape(footer)}</span>'
            f"<span>{escape(number)}</span></div></div>"
        )
    return (
        f"<html><head><style>{''.join(styles)}</style></head><body>{''.join(pages)}</body></html>"
    )


def stamp_pages(data: bytes, footer: str, labels: dict[int, str] | None = None) -> bytes:
    """Write a footer ("cluster · document", "Side n af m") on every page of a finished PDF and
    a label ("Bilag 2") at the top of the pages in `labels` (0-based). For files merged from
    several PDFs, where each part counted only its own pages. The stamps are marked as
    pagination artifacts, so the tagged document's structure is not disturbed."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from weasyprint import HTML

    labels = labels or {}
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    html = _stamps_html(sizes, footer, str(_("Side %(page)d af %(pages)d")), labels)
    overlay = PdfWriter(
        clone_from=PdfReader(BytesIO(HTML(string=html, url_fetcher=fetch_local()).write_pdf()))
    )
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        contents = stamp.get_contents()
        if contents is None:
            continue
        contents.set_data(
            b"/Artifact <</Type /Pagination>> BDC\n" + contents.get_data() + b"\nEMC\n"
        )
        stamp.replace_contents(contents)
        box = page.mediabox
        shift = Transformation().translate(float(box.left), float(box.bottom))
        page.merge_transformed_page(stamp, shift)
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


# --- Checking a PDF someone uploaded (a zip-bomb-like PDF inflates a few KB to gigabytes)


def max_pages() -> int:
    return getattr(settings, "KLYNGE_MAX_PDF_PAGES", 300)


def max_inflated_bytes() -> int:
    return getattr(settings, "KLYNGE_MAX_PDF_INFLATED_BYTES", 50 * 1_048_576)


def limits(budget: int) -> dict[str, int]:
    """pypdf's own limits on how much any one stream may inflate to, set to our budget."""
    budget = max(budget, 1)
    return {
        "maximum_declared_stream_length": budget,
        "array_based_stream_maximum_output_length": budget,
        "jbig2_maximum_output_length": budget,
        "lzw_maximum_output_length": budget,
        "run_length_maximum_output_length": budget,
        "zlib_maximum_output_length": budget,
        "brotli_maximum_output_length": budget,
        "stream_decoding_work_maximum_length": budget * 4,
        "image_maximum_buffer_size": budget,
    }


def refuse(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def check_pdf(data: bytes, name: str = "") -> int:
    """The number of pages, or a Danish ValidationError: a PDF that cannot be read, is locked, has
    too many pages, or whose streams together inflate to more than the limit."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    budget = max_inflated_bytes()
    too_big = refuse(
        _("PDF-filen fylder over %(mb)d MB, når den pakkes ud, og kan ikke bruges. Gem den igen "
          "som almindelig PDF (fx med »Udskriv til PDF«) og prøv igen."),
        "pdf_inflated", mb=budget // 1_048_576,
    )  # fmt: skip
    try:
        with apply_configuration(None, **limits(budget)):
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                raise refuse(
                    _("PDF-filen er beskyttet med adgangskode. Fjern beskyttelsen og prøv igen."),
                    "pdf_locked",
                )
            pages = len(reader.pages)
        if pages > max_pages():
            raise refuse(
                _("PDF-filen har %(pages)d sider; den må højst have %(max)d."),
                "pdf_pages", pages=pages, max=max_pages(),
            )  # fmt: skip
        if inflated_size(reader, budget) > budget:
            raise too_big
    except LimitReachedError as exc:
        raise too_big from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise refuse(
            _("PDF-filen %(name)s kan ikke læses. Gem den igen som PDF og prøv igen."),
            "pdf_broken", name=name or "",
        ) from exc  # fmt: skip
    return pages


def inflated_size(reader, budget: int) -> int:
    """The streams' decoded size added up, stopping as soon as it passes the budget; each stream
    is decoded with what is left of the budget as pypdf's limit."""
    from pypdf import apply_configuration
    from pypdf.generic import IndirectObject, StreamObject

    total = 0
    for generation, numbers in reader.xref.items():
        for number in numbers:
            with apply_configuration(None, **limits(budget - total + 1)):
                obj = reader.get_object(IndirectObject(number, generation, reader))
                if isinstance(obj, StreamObject):
                    total += len(obj.get_data())
            if total > budget:
                return total
    return total


def pdf_response(data: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(pdf_name(filename), inline)
    return response
