"""In the browser, at the door on a 390-px phone: search finds a member, a tap updates the count
without a reload and focus stays on the row, a guest is added."""

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.conftest import axe_violations, scrolls_sideways, session_login
from klynge.meetings import services
from klynge.meetings.models import Guest, Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_door_on_a_phone(world, members, rules, page):
    meeting = make_meeting(world.cluster_a, days=1, title="Klyngemøde ved døren")
    services.invite(meeting, members, by=None)
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(minutes=5))
    member = world.people["member"]
    invitation = meeting.invitations.get(person=member)

    page.set_viewport_size({"width": 390, "height": 844})
    session_login(page, "coordinator@example.dk")
    page.goto(f"/klynger/{world.cluster_a.slug}/moeder/{meeting.pk}/fremmoede/")
    counts = page.locator("#attendance-counts")
    assert "0 til stede" in counts.inner_text()

    # Live search: typing narrows the list to the member, without pressing "Søg".
    page.get_by_label("Søg på navn eller klinik").fill(member.name.split()[0])
    board_row = page.locator(
        f"#invitation-{meeting.invitations.get(person=world.people['board']).pk}"
    )
    board_row.wait_for(state="detached")
    row = page.locator(f"#invitation-{invitation.pk}")
    assert row.is_visible()

    # A tap: saved, the count follows without a reload, focus stays on the row.
    page.evaluate("window.notReloaded = true")
    row.get_by_role("button", name="Til stede").click()
    page.locator(f"#invitation-{invitation.pk}").get_by_text("Gemt").wait_for()
    page.wait_for_function(
        "document.getElementById('attendance-counts').textContent.includes('1 til stede')"
    )
    assert page.evaluate("window.notReloaded === true")
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"att-{invitation.pk}-present"
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.PRESENT
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []

    # An outside guest is added: listed, not counted.
    page.get_by_text("Tilføj en gæst (oplægsholder, facilitator, gæst)").click()
    page.get_by_label("Navn", exact=True).fill("Oplægsholder Olsen")
    page.get_by_label("Organisation").fill("Region Sjælland")
    page.get_by_label("Rolle").select_option("speaker")
    page.get_by_role("button", name="Tilføj gæst").click()
    page.get_by_text("Oplægsholder Olsen er tilføjet som gæst.").wait_for()
    assert Guest.objects.filter(meeting=meeting, name="Oplægsholder Olsen").exists()
    assert "1 til stede" in page.locator("#attendance-counts").inner_text()
    assert not scrolls_sideways(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    assert page.foreign_requests == []
