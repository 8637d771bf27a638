"""Attendance at a scheme event: only once it has begun; a coordinator present records the
cluster's external activity, which ticks the coordinator's wheel item for eKVIS' coordinator
meeting (and is removed again if the attendance is corrected)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from klynge.events import services
from klynge.events.models import EventInvitation
from klynge.meetings.lifecycle import Refused
from klynge.year import wheel
from klynge.year.models import ExternalActivity
from klynge.year.tests.helpers import ekvis_coordinator

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2031, 9, 11, 10, 0, tzinfo=CPH)


def ekvis_event(world):
    coordinator = ekvis_coordinator(world)
    with time_machine.travel(START - timedelta(days=60), tick=False):
        event = services.create_event(
            world.ekvis, by=None, title="Koordinatortræf 2031", start=START, venue="Odense"
        )
        services.invite(event, by=world.users["secretariat_ekvis"])
    invitation = EventInvitation.objects.get(event=event, person=coordinator)
    return event, invitation


def coordinator_item(world):
    items = {i.key: i for i in wheel.items_for(world.cluster_e, 2031)}
    return items["coordinator_meeting:2031"]


def test_attendance_is_refused_before_the_event_began(world, login):
    event, invitation = ekvis_event(world)
    url = f"/ordninger/ekvis/arrangementer/{event.pk}/fremmoede/"
    with time_machine.travel(START - timedelta(minutes=5), tick=False):
        client = login(world.users["secretariat_ekvis"])
        page = client.get(url)
        assert "ikke begyndt" in page.text
        response = client.post(url, {f"i{invitation.pk}": "present"})
        assert response.status_code == 409
        with pytest.raises(Refused):
            services.set_attendance(event, {invitation.pk: "present"}, by=None)
    invitation.refresh_from_db()
    event.refresh_from_db()
    assert invitation.attendance == "unknown" and event.status == "called"
    assert not ExternalActivity.objects.exists()


def test_present_ticks_the_coordinators_wheel_item_and_a_correction_unticks_it(world, login):
    event, invitation = ekvis_event(world)
    url = f"/ordninger/ekvis/arrangementer/{event.pk}/fremmoede/"
    with time_machine.travel(START - timedelta(days=1), tick=False):
        assert coordinator_item(world).done is False
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        client = login(world.users["secretariat_ekvis"])
        response = client.post(url, {f"i{invitation.pk}": "present"})
        assert response.status_code == 302
        invitation.refresh_from_db()
        event.refresh_from_db()
        assert invitation.attendance == "present" and event.status == "held"
        assert invitation.history.latest().history_user == world.users["secretariat_ekvis"]
        activity = ExternalActivity.objects.get()
        assert activity.cluster == world.cluster_e and activity.kind == "ekvis_meeting"
        assert activity.date == START.date() and activity.represented_by == "Eva Oejenlaege"
        assert coordinator_item(world).done is True
        # Saving the same again changes nothing; a correction removes the activity.
        client.post(url, {f"i{invitation.pk}": "present"})
        assert ExternalActivity.objects.count() == 1
        client.post(url, {f"i{invitation.pk}": "absent"})
        assert not ExternalActivity.objects.exists()
        assert coordinator_item(world).done is False


def test_only_the_schemes_secretariat_records_attendance(world, login):
    event, invitation = ekvis_event(world)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        for persona, status in (("secretariat_kiap", 403), ("coordinator", 403)):
            response = login(world.users[persona]).post(
                f"/ordninger/ekvis/arrangementer/{event.pk}/fremmoede/",
                {f"i{invitation.pk}": "present"},
            )
            assert response.status_code == status
    invitation.refresh_from_db()
    assert invitation.attendance == "unknown"
