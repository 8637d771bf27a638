"""Small builders for meeting tests (and the access matrix)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from klynge.meetings import services
from klynge.meetings.models import Action, Invitation, Material, Meeting

# A minimal valid one-page PDF (uploads are read with pypdf before they are stored).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)


def make_meeting(cluster, days=30, status=Meeting.Status.PLANNING, **fields) -> Meeting:
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields.setdefault("title", "Klyngemøde om KOL")
    fields.setdefault("venue", "Roskilde Kongres")
    fields.setdefault("venue_address", "Møllehusvej 15, 4000 Roskilde")
    meeting = services.create_meeting(
        cluster, start=start, end=start + timedelta(hours=3), status=status, **fields, by=None
    )
    return meeting


def invite_people(meeting, people, answer=Invitation.Answer.NONE):
    invitations = []
    for person in people:
        invitation, _ = Invitation.objects.get_or_create(
            meeting=meeting, person=person, defaults={"answer": answer}
        )
        invitations.append(invitation)
    return invitations


def make_material(meeting, label="Data om KOL.pdf") -> Material:
    material = Material(meeting=meeting, label=label, mime="application/pdf", size=len(PDF_BYTES))
    material.file.save(f"meetings/test/{meeting.pk}.pdf", ContentFile(PDF_BYTES), save=False)
    material.save()
    return material


def make_action(cluster, meeting=None, **fields) -> Action:
    fields.setdefault("text", "Gennemgå egne data for KOL-kontroller")
    fields.setdefault("due_next_meeting", True)
    return Action.objects.create(cluster=cluster, meeting=meeting, **fields)
