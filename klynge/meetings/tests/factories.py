"""Small builders for meeting tests (and the access matrix)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from klynge.meetings import services
from klynge.meetings.models import Action, Invitation, Material, Meeting

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def make_meeting(cluster, days=30, status=Meeting.Status.PLANNING, **fields) -> Meeting:
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields.setdefault("title", "Klyngemøde om KOL")
    fields.setdefault("venue", "Roskilde Kongres")
    fields.setdefault("venue_address", "Møllehusvej 15, 4000 Roskilde")
    meeting = services.create_meeting(
        cluster, start=start, end=start + timedelta(hours=3), status=status, **fields
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
