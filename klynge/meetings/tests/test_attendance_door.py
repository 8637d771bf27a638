"""Attendance at the door: search by name or clinic (GET, also live with htmx), outside guests
(never counted for refunds or the absence rule), the sign-in sheet with the guests."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from klynge.clusters.models import ClinicAffiliation
from klynge.conftest import make_person
from klynge.meetings import services
from klynge.meetings.absence import absence_records
from klynge.meetings.models import Guest, Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting
from klynge.money.figures import specialists_present

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=5, status=Meeting.Status.CALLED)
    services.invite(meeting, members, by=None)
    return meeting


@pytest.fixture
def begun(called):
    with time_machine.travel(called.start + timedelta(minutes=30), tick=False):
        yield called


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.cluster.slug, meeting.pk, *args])


def snapshot(meeting):
    return (
        list(meeting.invitations.order_by("pk").values_list("attendance", "attendance_version")),
        list(meeting.guests.values_list("name", flat=True)),
    )


def test_search_by_name_or_clinic_without_javascript(login, world, begun):
    client = login(world.users["coordinator"])
    member = world.people["member"]
    before = snapshot(begun)
    page = client.get(url("attendance", begun), {"q": member.name.split()[0].lower()})
    assert member.name in page.text
    assert world.people["board"].name not in page.text
    assert "af 4 inviterede" in page.text
    # The count is of everyone, whatever the search shows.
    assert "0 til stede · 0 afbud · 0 udeblevet · 4 ikke registreret" in page.text
    clinic = begun.invitations.get(person=member).clinic
    by_clinic = client.get(url("attendance", begun), {"q": clinic.name.upper()})
    shown = {inv.person.name for inv in begun.invitations.filter(clinic=clinic)}
    hidden = {inv.person.name for inv in begun.invitations.exclude(clinic=clinic)}
    assert all(name in by_clinic.text for name in shown)
    assert not any(name in by_clinic.text for name in hidden)
    nobody = client.get(url("attendance", begun), {"q": "<script>x</script>"})
    assert "Ingen inviterede passer på søgningen." in nobody.text
    assert "<script>x</script>" not in nobody.text
    assert snapshot(begun) == before, "a GET changes nothing"


def test_live_search_returns_only_the_results(login, world, begun):
    client = login(world.users["coordinator"])
    member = world.people["member"]
    response = client.get(
        url("attendance", begun),
        {"q": member.name},
        headers={"HX-Request": "true", "HX-Target": "attendance-results"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="attendance-results">')
    assert member.name in response.text and "<html" not in response.text


def test_a_guest_is_added_at_the_door_and_never_counted(login, world, begun):
    client = login(world.users["coordinator"])
    member = begun.invitations.get(person=world.people["member"])
    client.post(url("attendance_row", begun, member.pk), {"attendance": "present", "version": 0})
    response = client.post(
        url("guest_add", begun),
        {"name": "Dr. Oplæg", "organisation": "Region Sjælland", "role": "speaker"},
        follow=True,
    )
    assert "Dr. Oplæg er tilføjet som gæst." in response.text
    assert "Region Sjælland" in response.text and "Oplægsholder" in response.text
    guest = Guest.objects.get(meeting=begun)
    assert guest.history.first().history_actor == world.users["coordinator"].email
    # Counted members: one present; the guest is in no count, refund or absence.
    assert services.attendance_counts(begun)["present"] == 1
    assert "1 til stede" in response.text
    expected = 1 if member.role in ClinicAffiliation.DOCTOR_ROLES else 0
    assert specialists_present(begun) == expected
    Meeting.objects.filter(pk=begun.pk).update(status=Meeting.Status.HELD)
    year = begun.start.year
    records = {
        row.person.pk: (row.held, row.present) for row in absence_records(begun.cluster, year)
    }
    assert records[world.people["member"].pk] == (1, 1)
    assert len(records) == 4, "guests are not people of the absence rule"
    assert Invitation.objects.filter(meeting=begun).count() == 4


def test_a_guest_without_a_name_is_refused_and_keeps_what_was_typed(login, world, begun):
    client = login(world.users["coordinator"])
    response = client.post(
        url("guest_add", begun), {"name": "  ", "organisation": "Kommunen", "role": "guest"}
    )
    assert response.status_code == 400
    assert "Skriv gæstens navn." in response.text
    assert 'value="Kommunen"' in response.text
    bad_role = client.post(url("guest_add", begun), {"name": "X", "role": "boss"})
    assert bad_role.status_code == 400 and "form-error-message" in bad_role.text
    assert not Guest.objects.exists()


def test_guests_belong_to_the_day(login, world, called):
    client = login(world.users["coordinator"])
    response = client.post(
        url("guest_add", called), {"name": "For tidlig", "role": "guest"}, follow=True
    )
    assert "Mødet er ikke begyndt endnu" in response.text
    assert not Guest.objects.exists()


def test_a_guest_added_by_mistake_is_removed(login, world, begun):
    guest = Guest.objects.create(meeting=begun, name="Forkert", role="guest")
    other = make_meeting(world.cluster_a, days=5)
    client = login(world.users["coordinator"])
    assert client.post(url("guest_remove", other, guest.pk)).status_code == 404
    assert client.get(url("guest_remove", begun, guest.pk)).status_code == 405
    member = login(world.users["member"])
    assert member.post(url("guest_remove", begun, guest.pk)).status_code == 403
    assert Guest.objects.exists()
    client = login(world.users["coordinator"])
    client.post(url("guest_remove", begun, guest.pk))
    assert not Guest.objects.exists()


def test_sign_in_sheet_lists_members_and_guests(login, world, begun):
    Guest.objects.create(
        meeting=begun, name="Facilitator Finsen", organisation="KiAP", role="facilitator"
    )
    client = login(world.users["coordinator"])
    page = client.get(url("attendance", begun))
    assert "Underskriftsliste med gæster (PDF)" in page.text
    response = client.get(url("attendance_list_pdf", begun), {"blank": "1"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Facilitator Finsen" in text and "Facilitator" in text and "Gæster" in text
    assert world.people["member"].name in text


@pytest.mark.parametrize("count", [3, 30])
def test_the_door_uses_constant_queries(count, login, world, begun, django_assert_num_queries):
    people = [make_person(f"Person {n}", world.clinic_a1) for n in range(count)]
    services.invite(begun, people, by=None)
    for n in range(count):
        Guest.objects.create(meeting=begun, name=f"Gæst {n}")
    client = login(world.users["coordinator"])
    client.get(url("attendance", begun))
    # session, user, cluster, roles (1), meeting, invitations, guests, access log, walk-in choices
    # (+ the sheet's role check)
    with django_assert_num_queries(9):
        response = client.get(url("attendance", begun), {"q": "Person"})
    assert response.text.count('name="version"') == count
    assert response.text.count('id="guest-') == 0
    with django_assert_num_queries(9):
        response = client.get(url("attendance", begun))
    assert response.text.count('id="guest-') == count
