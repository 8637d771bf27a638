"""Issue 10 replayed in the browser: what belongs after an event is refused before it, with a
Danish message and nothing changed; two people saving the same clinic lose nothing; the status
report's "Indsend" submits what is in the form. Dates are relative to today."""

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.clusters.models import Clinic
from klynge.conftest import axe_violations, session_login
from klynge.meetings import services
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting
from klynge.year import services as year_services
from klynge.year.models import StatusReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOT_STARTED = "Mødet er ikke begyndt endnu. Var det holdt tidligere, så ret datoen først."
STALE = "Ændret af en anden – se de nye oplysninger."


def no_violations(page):
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def move(meeting, start):
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(hours=3))


def test_attendance_of_a_future_meeting_is_refused(
    world, members, rules, page, browser, live_server
):
    meeting = make_meeting(world.cluster_a, days=30, title="Klyngemøde i fremtiden")
    services.invite(meeting, members, by=None)
    url = f"/klynger/{world.cluster_a.slug}/moeder/{meeting.pk}/fremmoede/"
    invitation = meeting.invitations.get(person=world.people["member"])
    status = Meeting.objects.get(pk=meeting.pk).status

    # Opened in advance: the page says why, and offers nothing to register.
    session_login(page, "coordinator@example.dk")
    page.goto(url)
    assert page.get_by_text(NOT_STARTED).is_visible()
    assert page.get_by_role("button", name="Afslut registrering").count() == 0
    assert page.locator(f"#invitation-{invitation.pk} button").count() == 0
    no_violations(page)

    # A page opened while the meeting seemed under way; meanwhile its date is put right (it is
    # next month). Both "Til stede" (without JavaScript) and "Afslut registrering" are refused.
    move(meeting, timezone.now() - timedelta(minutes=5))
    plain = browser.new_context(base_url=live_server.url, locale="da-DK", java_script_enabled=False)
    other = plain.new_page()
    session_login(other, "coordinator@example.dk", live_server.url)
    other.goto(url)
    page.reload()
    move(meeting, timezone.now() + timedelta(days=30))
    other.locator(f"#att-{invitation.pk}-present").click()
    other.wait_for_load_state()
    assert other.get_by_text(NOT_STARTED).first.is_visible()
    plain.close()
    # With JavaScript the tap is refused too, and the page says why (not silently dropped).
    page.locator(f"#att-{invitation.pk}-present").click()
    page.get_by_role("alert").filter(has_text=NOT_STARTED).wait_for(timeout=5000)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Afslut registrering").click()
    page.wait_for_load_state()
    assert page.get_by_text(NOT_STARTED).first.is_visible()
    no_violations(page)

    # Nothing changed.
    meeting.refresh_from_db()
    assert meeting.status == status != Meeting.Status.HELD
    assert set(meeting.invitations.values_list("attendance", flat=True)) == {
        Invitation.Attendance.UNKNOWN
    }
    assert page.foreign_requests == []


def test_minutes_of_a_future_general_assembly_are_not_confirmed(world, page):
    now = timezone.now()
    assembly = year_services.create_assembly(
        world.cluster_a,
        start=now - timedelta(hours=1),
        venue="Roskilde Kongres",
        address="Møllehusvej 15",
        proposals_deadline=timezone.localdate() - timedelta(days=30),
        by=None,
    )
    url = f"/klynger/{world.cluster_a.slug}/aar/generalforsamling/{assembly.pk}/referat/"
    session_login(page, "coordinator@example.dk")
    page.goto(url)
    page.fill("input[name=chair]", "Dorte Dirigent")
    page.fill("input[name=minute_taker]", "Rasmus Referent")
    page.fill("textarea[name=minutes]", "Beretningen blev godkendt.")
    # The date is put right: the assembly is four months ahead. Confirming is refused.
    Meeting.objects.filter(pk=assembly.meeting_id).update(start=now + timedelta(days=120))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gem og godkend referatet").click()
    page.wait_for_load_state()
    assert page.get_by_text("referatet kan ikke godkendes endnu").first.is_visible()
    assert page.get_by_role("button", name="Gem og godkend referatet").count() == 0
    assert page.locator("textarea[name=minutes]").input_value() == "Beretningen blev godkendt."
    no_violations(page)
    assembly.refresh_from_db()
    assembly.meeting.refresh_from_db()
    assert assembly.confirmed_at is None
    assert assembly.meeting.status == Meeting.Status.PLANNING


def test_the_second_save_of_a_clinic_is_refused_and_keeps_what_was_typed(
    world, page, browser, live_server
):
    clinic = world.clinic_a1
    url = f"/klynger/{world.cluster_a.slug}/medlemmer/klinik/{clinic.pk}/ret/"
    session_login(page, "coordinator@example.dk")
    second_context = browser.new_context(base_url=live_server.url, locale="da-DK")
    second = second_context.new_page()
    session_login(second, "board@example.dk", live_server.url)
    page.goto(url)
    second.goto(url)
    page.fill("input[name=phone]", "11 11 11 11")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    second.fill("input[name=phone]", "22 22 22 22")
    second.get_by_role("button", name="Gem").click()
    second.wait_for_load_state()
    assert second.get_by_text(STALE).first.is_visible()
    assert second.locator("input[name=phone]").input_value() == "22 22 22 22"
    no_violations(second)
    assert Clinic.objects.get(pk=clinic.pk).phone == "11 11 11 11"
    second_context.close()


def test_indsend_submits_what_is_typed_in_the_status_report(world, page):
    year = timezone.localdate().year - 1
    session_login(page, "coordinator@example.dk")
    page.goto(f"/klynger/{world.cluster_a.slug}/aar/status/{year}/")
    page.fill("textarea[name=refleksion]", "Skrevet og indsendt uden at gemme først.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Indsend til sekretariatet").click()
    page.wait_for_load_state()
    assert page.get_by_text("er indsendt til sekretariatet").first.is_visible()
    no_violations(page)
    report = StatusReport.objects.get(cluster=world.cluster_a, year=year)
    assert report.is_submitted
    assert report.answers == {"refleksion": "Skrevet og indsendt uden at gemme først."}
