"""In the browser on a phone (390 px): the coordinator reminds the non-responders now from the
meeting page, writes to one clinic, reads who got it, and adds an outside contact."""

import pytest
from post_office.models import Email

from klynge.conftest import axe_violations, scrolls_sideways, session_login
from klynge.meetings import services
from klynge.meetings.tests.factories import make_meeting
from klynge.messaging.models import Contact, Message

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fits_and_passes_axe(page) -> None:
    assert not scrolls_sideways(page), f"{page.url} scrolls sideways"
    assert axe_violations(page) == [], page.url


def test_remind_now_write_to_one_clinic_and_keep_a_contact(world, members, rules, page):
    meeting = make_meeting(world.cluster_a, days=20, title="Klyngemøde om demens")
    services.invite(meeting, members, by=None)
    slug = world.cluster_a.slug
    page.set_viewport_size({"width": 390, "height": 844})
    session_login(page, "coordinator@example.dk")

    page.goto(f"/klynger/{slug}/moeder/{meeting.pk}/")
    page.get_by_text("Næste planlagte påmindelse sendes").wait_for()
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Send påmindelse nu til 4, der ikke har svaret").click()
    page.get_by_text("Påmindelsen er lagt i udbakken til 4 personer.").wait_for()
    assert Email.objects.filter(subject__startswith="Påmindelse").count() == 4

    page.goto(f"/klynger/{slug}/beskeder/ny/")
    fits_and_passes_axe(page)
    page.get_by_label("Én klinik").check()
    page.locator("select[name=clinic]").select_option(str(world.clinic_a2.pk))
    page.locator("input[name=subject]").fill("Ydernumre til datapakken")
    page.locator("textarea[name=body]").fill("Send mig jeres ydernumre.")
    page.get_by_role("button", name="Send beskeden").click()
    page.get_by_text("Beskeden er lagt i udbakken til 1 person.").wait_for()
    fits_and_passes_axe(page)
    message = Message.objects.get()
    assert [r.name for r in message.recipients.all()] == ["Morten Andenklinik"]
    page.goto(f"/klynger/{slug}/beskeder/")
    page.get_by_role("link", name="Ydernumre til datapakken").wait_for()
    fits_and_passes_axe(page)

    page.goto(f"/klynger/{slug}/kontakter/ny/")
    fits_and_passes_axe(page)
    page.locator("select[name=kind]").select_option("municipality")
    page.locator("input[name=organisation]").fill("Roskilde Kommune")
    page.locator("input[name=role]").fill("Sundhedskonsulent")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Kontakten er gemt.").wait_for()
    fits_and_passes_axe(page)
    assert Contact.objects.get().organisation == "Roskilde Kommune"
    assert page.foreign_requests == []


def test_consents_attachments_and_poll_reminder_pages_on_a_phone(world, members, rules, page):
    from datetime import timedelta

    from django.utils import timezone

    from klynge.meetings import polls
    from klynge.meetings.tests.factories import make_material

    meeting = make_meeting(world.cluster_a, days=20, title="Klyngemøde om KOL")
    services.invite(meeting, members, by=None)
    make_material(meeting)
    planning = make_meeting(world.cluster_a, days=40, title="Find en dato")
    start = timezone.now() + timedelta(days=30)
    polls.create_poll(planning, [(start, start + timedelta(hours=2))] * 2, members, by=None)
    slug = world.cluster_a.slug
    page.set_viewport_size({"width": 390, "height": 844})
    session_login(page, "coordinator@example.dk")
    page.goto("/profil/")
    page.get_by_role("button", name="Giv samtykke til videregivelse").click()
    page.get_by_text("Sekretariatet må nu give dit navn og din e-mail videre").wait_for()
    fits_and_passes_axe(page)
    page.goto(f"/klynger/{slug}/moeder/{meeting.pk}/materiale/")
    page.get_by_label("Vedhæft også filerne", exact=False).check()
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Send dagsorden og materiale").click()
    page.get_by_text("Dagsorden og materiale er sendt til 4 inviterede.").wait_for()
    page.goto(f"/klynger/{slug}/moeder/{planning.pk}/datoer/")
    fits_and_passes_axe(page)
    page.get_by_role("button", name="Send påmindelse nu").click()
    page.get_by_text("Påmindelsen er lagt i udbakken til 4 personer.").wait_for()
    page.context.clear_cookies()
    session_login(page, "sekretariat.plo@example.dk")
    page.goto("/ordninger/kiap/oversigt/")
    page.get_by_text("Må gives videre på forespørgsel").first.wait_for()
    assert axe_violations(page) == []
    assert page.foreign_requests == []
