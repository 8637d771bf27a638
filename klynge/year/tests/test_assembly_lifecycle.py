"""The general assembly lives the meeting's life (klynge/meetings/lifecycle.py `move`): confirming
its minutes closes it through the one state machine, so time order and the allowed steps hold."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from klynge.clusters.models import Post
from klynge.meetings.models import Meeting
from klynge.year import services
from klynge.year.models import Election
from klynge.year.tests.helpers import local

ASSEMBLY_DAY = date(2027, 3, 16)


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        assembly = services.create_assembly(
            world.cluster_a,
            start=local(ASSEMBLY_DAY),
            venue="Roskilde Kongres",
            address="Møllehusvej 15",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )
    Election.objects.create(
        assembly=assembly,
        person=world.people["member"],
        kind="treasurer",
        start=date(2027, 4, 1),
        term_end=date(2029, 3, 31),
    )
    return assembly


def test_an_assembly_in_the_future_is_neither_minuted_nor_closed(world, assembly):
    with (
        time_machine.travel(local(date(2026, 11, 27), 10), tick=False),
        pytest.raises(ValidationError, match="referatet kan ikke godkendes endnu"),
    ):
        services.confirm_minutes(assembly, by=world.users["coordinator"])
    assembly.refresh_from_db()
    assembly.meeting.refresh_from_db()
    assert assembly.confirmed_at is None
    assert assembly.meeting.status == Meeting.Status.PLANNING
    assert not Post.objects.filter(cluster=world.cluster_a, kind="treasurer").exists()


def test_once_held_the_minutes_close_it_through_the_meetings_life(world, assembly):
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        services.confirm_minutes(assembly, by=world.users["coordinator"])
    assembly.meeting.refresh_from_db()
    assert assembly.meeting.status == Meeting.Status.CLOSED
    record = assembly.meeting.history.first()
    assert (record.status, record.history_change_reason) == ("closed", "Referat godkendt")
    assert record.history_user == world.users["coordinator"]
    assert Post.objects.filter(cluster=world.cluster_a, kind="treasurer").count() == 1


def test_a_cancelled_assembly_cannot_be_minuted_into_closed(world, assembly):
    Meeting.objects.filter(pk=assembly.meeting_id).update(status=Meeting.Status.CANCELLED)
    assembly.meeting.refresh_from_db()
    with (
        time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False),
        pytest.raises(ValidationError, match="Mødets status kan ikke ændres sådan"),
    ):
        services.confirm_minutes(assembly, by=world.users["coordinator"])
    assembly.refresh_from_db()
    assembly.meeting.refresh_from_db()
    assert assembly.confirmed_at is None
    assert assembly.meeting.status == Meeting.Status.CANCELLED
    assert not Post.objects.filter(cluster=world.cluster_a, kind="treasurer").exists()
