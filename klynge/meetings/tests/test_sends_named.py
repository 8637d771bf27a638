"""What the meeting's buttons send or change (cancel, follow-up status, materials, minutes, the
attendance list) goes through services that name the user: the meeting's and the follow-up's
history names who did it (issue 9)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from klynge.conftest import writes_as
from klynge.meetings import services
from klynge.meetings.models import Action, Meeting
from klynge.meetings.tests.factories import make_action, make_material, make_meeting

pytestmark = pytest.mark.django_db


def url(name, meeting, *more):
    return reverse(f"meetings:{name}", args=["klynge-a", meeting.pk, *more])


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=5)
    services.invite(meeting, members, by=None)
    meeting.refresh_from_db()
    return meeting


def test_cancelling_names_the_coordinator_and_the_reason(login, world, called):
    coordinator = world.users["coordinator"]
    with writes_as(Meeting) as seen:
        login(coordinator).post(url("cancel", called), {"reason": "Sygdom"})
    called.refresh_from_db()
    assert called.status == Meeting.Status.CANCELLED
    assert seen and set(seen) == {coordinator.email}
    record = called.history.first()
    assert record.history_user == coordinator and record.history_change_reason == "Sygdom"


def test_a_follow_ups_status_names_the_coordinator(login, world, called):
    action = make_action(world.cluster_a, meeting=called)
    with writes_as(Action) as seen:
        login(world.users["coordinator"]).post(
            reverse("meetings:action_status", args=["klynge-a", action.pk]), {"status": "done"}
        )
    action.refresh_from_db()
    assert action.status == "done" and seen == [world.users["coordinator"].email]
    assert action.history.first().history_user == world.users["coordinator"]


def test_materials_minutes_and_attendance_list_are_sent_as_the_coordinator(login, world, called):
    coordinator = world.users["coordinator"]
    client = login(coordinator)
    make_material(called)
    with writes_as(Meeting) as seen:
        client.post(url("send_materials", called))
    assert seen == [coordinator.email]
    with time_machine.travel(called.start + timedelta(hours=1), tick=False):
        Meeting.objects.filter(pk=called.pk).update(status=Meeting.Status.HELD)
        client = login(coordinator)
        with writes_as(Meeting) as seen:
            client.post(url("send_minutes", called))
            client.post(url("send_attendance_list", called))
    called.refresh_from_db()
    assert called.minutes_sent_at and called.attendance_list_sent_at
    assert seen == [coordinator.email] * 2
    assert called.history.first().history_user == coordinator


def test_a_new_meeting_is_created_as_the_coordinator(login, world, rules):
    coordinator = world.users["coordinator"]
    with writes_as(Meeting) as seen:
        login(coordinator).post(
            reverse("meetings:create", args=["klynge-a"]),
            {"title": "Forårsmøde", "venue_type": "outside", "expected_count": "20"},
        )
    meeting = Meeting.objects.get(title="Forårsmøde")
    assert seen == [coordinator.email]
    assert meeting.history.first().history_user == coordinator
