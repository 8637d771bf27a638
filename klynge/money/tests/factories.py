"""Small builders for money tests: held meetings with attendance, claims with receipts."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from klynge.clusters.models import ClinicAffiliation
from klynge.lib.files import PDF, server_name
from klynge.meetings.models import Invitation, Meeting
from klynge.money.models import Claim, ExpenseLine

CPH = ZoneInfo("Europe/Copenhagen")

# A minimal valid one-page PDF (what a scanned receipt looks like to the type check).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)
# A 1x1 PNG.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def meeting(cluster, when=(2026, 3, 10), venue_type="outside", held=True, title="Klyngemøde"):
    return Meeting.objects.create(
        cluster=cluster,
        title=title,
        start=datetime(*when, 18, 0, tzinfo=CPH),
        venue_type=venue_type,
        status=Meeting.Status.HELD if held else Meeting.Status.CALLED,
    )


def attend(meeting, person, role=ClinicAffiliation.Role.OWNER, attendance="present", clinic=None):
    return Invitation.objects.create(
        meeting=meeting, person=person, role=role, attendance=attendance, clinic=clinic,
        answer=Invitation.Answer.YES,
    )  # fmt: skip


def claim(cluster, meeting_=None, user=None, lines=()):
    meeting_ = meeting_ or meeting(cluster)
    item = Claim.objects.create(cluster=cluster, meeting=meeting_, created_by=user)
    for kind, amount in lines:
        line(item, kind, amount)
    return item


def line(claim_, kind, amount, receipt=True):
    item = ExpenseLine(
        claim=claim_, kind=kind, supplier="Restaurant Havnen ApS", supplier_cvr="12345678",
        date=claim_.meeting.start.date(), description="Mødeforplejning", amount=Decimal(amount),
    )  # fmt: skip
    if receipt:
        item.receipt.save(server_name("receipts", PDF), ContentFile(PDF_BYTES), save=False)
        item.receipt_name = "kvittering.pdf"
        item.receipt_kind = "pdf"
    item.save()
    return item
