"""Answering from the e-mail: the personal link shows on GET and records only on POST; a changed,
foreign or meeting link is refused; materials come through the same link."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from klynge.desk.tests.factories import pdf_upload
from klynge.events import services, tokens
from klynge.events.models import EventInvitation
from klynge.events.tests.factories import make_event
from klynge.lib import files
from klynge.meetings.tests.factories import make_meeting


def invited(world, **fields):
    event = make_event(world.kiap, **fields)
    services.invite(event, by=None)
    invitation = EventInvitation.objects.get(event=event, person=world.people["coordinator"])
    return event, invitation, path_of(services.answer_url(invitation))


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_get_shows_and_changes_nothing_post_records(world, client):
    event, invitation, url = invited(world)
    page = client.get(url + "?svar=ja")
    assert page.status_code == 200 and "Koordinatortræf" in page.text
    invitation.refresh_from_db()
    assert invitation.answer == "none" and invitation.answered_at is None
    assert invitation.history.count() == 1
    saved = client.post(url, {"answer": "yes"})
    assert saved.status_code == 200 and "Tak. Du er meldt til." in saved.text
    invitation.refresh_from_db()
    assert invitation.answer == "yes" and invitation.answered_at is not None
    assert invitation.history.latest().history_actor == "svarlink: coordinator@example.dk"
    # The link never logs anyone in.
    assert "_auth_user_id" not in client.session


def test_an_apology_keeps_its_reason_and_a_missing_answer_is_refused(world, client):
    _event, invitation, url = invited(world)
    refused = client.post(url, {"reason": "Ferie"})
    assert refused.status_code == 200 and "Vælg, om du deltager eller melder afbud." in refused.text
    assert "Ferie" in refused.text
    client.post(url, {"answer": "no", "reason": "Ferie"})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.answer_reason) == ("no", "Ferie")


def test_a_tampered_or_foreign_link_is_refused_and_changes_nothing(world, client):
    event, invitation, _ = invited(world)
    token = tokens.answer_token(invitation)
    tampered = f"/arrangementer/{event.pk}/svar/{token[:-2]}xy/"
    assert client.post(tampered, {"answer": "yes"}).status_code == 400
    other = make_event(world.kiap, days=50, title="Netværksdag")
    foreign = f"/arrangementer/{other.pk}/svar/{token}/"
    response = client.post(foreign, {"answer": "yes"})
    assert response.status_code == 400 and "passer ikke til dette arrangement" in response.text
    # A meeting's answer link (another salt) does not open an event.
    from klynge.meetings import tokens as meeting_tokens
    from klynge.meetings.models import Invitation

    meeting = make_meeting(world.cluster_a)
    meeting_invitation = Invitation.objects.create(
        meeting=meeting, person=world.people["coordinator"]
    )
    borrowed = meeting_tokens.answer_token(meeting_invitation)
    assert (
        client.post(f"/arrangementer/{event.pk}/svar/{borrowed}/", {"answer": "yes"}).status_code
        == 400
    )
    invitation.refresh_from_db()
    assert invitation.answer == "none"


def test_an_old_link_has_expired(world, client):
    _event, invitation, url = invited(world, days=500)
    with time_machine.travel(timezone.now() + timedelta(days=420)):
        assert client.get(url).status_code == 410


def test_after_the_deadline_the_answer_cannot_change(world, client):
    deadline = timezone.now() + timedelta(days=5)
    _event, invitation, url = invited(world, answer_deadline=deadline)
    with time_machine.travel(deadline + timedelta(minutes=1)):
        response = client.post(url, {"answer": "yes"})
    assert response.status_code == 409 and "Svarfristen er overskredet" in response.text
    invitation.refresh_from_db()
    assert invitation.answer == "none"


def test_materials_come_through_the_personal_link(world, client, login):
    event, _invitation, url = invited(world)
    secretariat = login(world.users["secretariat_kiap"])
    upload = secretariat.post(
        f"/ordninger/kiap/arrangementer/{event.pk}/materiale/", {"file": pdf_upload("Program.pdf")}
    )
    assert upload.status_code == 302
    material = event.materials.get()
    # A file that is not what it claims is refused in Danish.
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = secretariat.post(
        f"/ordninger/kiap/arrangementer/{event.pk}/materiale/",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")},
    )
    assert bad.status_code == 400 and "form-error-message" in bad.text
    assert event.materials.count() == 1
    client.logout()
    assert "Program.pdf" in client.get(url).text
    download = client.get(f"{url}materiale/{material.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    other = make_event(world.kiap, days=40, title="Andet")
    foreign = services.add_material(other, pdf_upload("Hemmelig.pdf"), files.PDF, by=None)
    assert client.get(f"{url}materiale/{foreign.pk}/").status_code == 404
