"""Small builders for the desk's tests and the access matrix."""

from django.core.files.uploadedfile import SimpleUploadedFile

from klynge.desk import services
from klynge.lib import files
from klynge.meetings.tests.factories import PDF_BYTES


def pdf_upload(name="Vejledning.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_guide(scheme, title="Vejledning til klyngemøder", **fields):
    fields.setdefault("category", "guide")
    return services.publish_guide(scheme, pdf_upload(), files.PDF, by=None, title=title, **fields)
