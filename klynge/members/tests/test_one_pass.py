"""One-pass forms: adding a clinic says at once whether the ydernummer is new (then the name is
needed), and ending a membership sends the reviewed notice in the same step."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from klynge.clusters.models import Clinic, ClusterMembership
from klynge.members.models import LeaveNotice

pytestmark = pytest.mark.django_db


def check(client, typed):
    url = reverse("members:ydernummer_check", args=["klynge-a"])
    return client.get(url, {"ydernummer": typed}, headers={"HX-Request": "true"}).text


def test_the_add_clinic_page_asks_while_the_number_is_typed(world, coordinator):
    page = coordinator.get(reverse("members:add_clinic", args=["klynge-a"])).text
    assert reverse("members:ydernummer_check", args=["klynge-a"]) in page
    assert 'id="ydernummer-check"' in page


def test_the_check_says_new_known_member_or_malformed(world, coordinator):
    assert "nyt i Klynge" in check(coordinator, "999991")
    other = Clinic.objects.create(ydernummer="999992", name="Lægerne i Lejre")
    known = check(coordinator, "999992")
    assert "Lægerne i Lejre" in known and "nyt i Klynge" not in known
    member = check(coordinator, world.clinic_a2.ydernummer)
    assert "allerede medlem" in member
    assert "6 cifre" in check(coordinator, "12345x")
    assert "ydernummer-check" in check(coordinator, "")
    assert other.memberships.count() == 0  # looking changes nothing


def test_a_new_clinic_is_added_in_one_pass(world, coordinator):
    response = coordinator.post(
        reverse("members:add_clinic", args=["klynge-a"]),
        {"ydernummer": "999993", "name": "Lægehuset i Gadstrup", "joined": "2026-01-01"},
    )
    assert response.status_code == 302
    assert Clinic.objects.get(ydernummer="999993").name == "Lægehuset i Gadstrup"


def test_ending_a_membership_sends_the_reviewed_notice_in_one_step(world, coordinator):
    clinic = world.clinic_a2
    page = coordinator.get(reverse("members:clinic", args=["klynge-a", clinic.pk])).text
    # The clinic page holds the end form with the notice to review.
    assert reverse("members:end_membership", args=["klynge-a", clinic.pk]) in page
    assert world.region.notice_email in page and clinic.ydernummer in page
    last_day = timezone.localdate() + timedelta(days=30)
    response = coordinator.post(
        reverse("members:end_membership", args=["klynge-a", clinic.pk]),
        {"left": last_day.isoformat(), "reason": "left", "send_notice": "on"},
    )
    assert response["Location"] == reverse("members:clinic", args=["klynge-a", clinic.pk])
    notice = LeaveNotice.objects.get(membership__clinic=clinic)
    assert notice.status == LeaveNotice.Status.SENT
    assert Email.objects.filter(to=[world.region.notice_email]).count() == 1
    membership = ClusterMembership.objects.get(pk=notice.membership_id)
    assert membership.last_day == last_day
    assert membership.history.first().history_actor


def test_a_refused_end_form_keeps_what_was_typed_and_sends_nothing(world, coordinator):
    clinic = world.clinic_a2
    response = coordinator.post(
        reverse("members:end_membership", args=["klynge-a", clinic.pk]),
        {"left": "1999-01-01", "note": "Flytter til Holbæk", "send_notice": "on"},
    )
    assert response.status_code == 200
    assert "Flytter til Holbæk" in response.text and "form-error-message" in response.text
    assert not LeaveNotice.objects.exists() and not Email.objects.exists()
