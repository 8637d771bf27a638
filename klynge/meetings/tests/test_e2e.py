"""In the browser: a member answers from the link in the e-mail, and the coordinator records
attendance on a phone-sized screen (390 px)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.conftest import axe_violations, scrolls_sideways, session_login
from klynge.meetings import services
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_answers_and_coordinator_records_attendance(world, members, rules, page):
    meeting = make_meeting(world.cluster_a, days=10, title="Klyngemøde om demens")
    services.invite(meeting, members, by=None)
    invitation = meeting.invitations.get(person=world.people["member"])
    link = services.answer_url(invitation).split("://", 1)[1].split("/", 1)[1]

    # The member opens "Jeg deltager" from the e-mail: nothing is recorded until they send.
    page.goto(f"/{link}?svar=ja")
    assert page.get_by_role("heading", name="Klyngemøde om demens").is_visible()
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.NONE
    assert page.get_by_label("Jeg deltager").is_checked()
    page.get_by_role("button", name="Send mit svar").click()
    page.get_by_text("Tak. Du er meldt til mødet.").wait_for()
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.YES
    assert axe_violations(page) == []

    # On the day (the meeting has begun), the coordinator uses a phone.
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(minutes=5))
    page.set_viewport_size({"width": 390, "height": 844})
    session_login(page, "coordinator@example.dk")
    page.goto(f"/klynger/{world.cluster_a.slug}/moeder/{meeting.pk}/fremmoede/")
    row = page.locator(f"#invitation-{invitation.pk}")
    row.get_by_role("button", name="Til stede").click()
    page.locator(f"#invitation-{invitation.pk} [aria-pressed=true]").wait_for()
    page.locator(f"#invitation-{invitation.pk}").get_by_text("Gemt").wait_for()
    board = meeting.invitations.get(person=world.people["board"])
    page.locator(f"#invitation-{board.pk}").get_by_role("button", name="Afbud").click()
    page.locator(f"#invitation-{board.pk}").get_by_text("Gemt").wait_for()
    invitation.refresh_from_db()
    board.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.PRESENT
    assert board.attendance == Invitation.Attendance.EXCUSED
    # Nothing sticks out sideways on the phone, and the page is accessible.
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    assert page.foreign_requests == []
