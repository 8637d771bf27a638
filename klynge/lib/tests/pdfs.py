"""PDFs for tests and checks on them: what every app's documents must be (tagged, titled, fonts
embedded, rows whole), and small PDFs built to order (pages, inflated streams)."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject


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


def assert_rows_whole(reader: PdfReader, pairs: list[tuple[str, str]]):
    texts = [page.extract_text() for page in reader.pages]
    for first, last in pairs:
        pages = [n for n, text in enumerate(texts) if first in text]
        assert pages and all(last in texts[n] for n in pages), f"{first}…{last} split across pages"


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
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(data: bytes, name="bilag.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")
