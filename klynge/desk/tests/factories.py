"""Small builders for the desk's tests and the access matrix."""

from django.core.files.uploadedfile import SimpleUploadedFile

from klynge.desk import services
from klynge.lib import files

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="Vejledning.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_guide(scheme, title="Vejledning til klyngemøder", **fields):
    fields.setdefault("category", "guide")
    return services.publish_guide(scheme, pdf_upload(), files.PDF, by=None, title=title, **fields)
