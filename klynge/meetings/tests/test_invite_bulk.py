"""Inviting many people: the invitations are written in one insert with their history, the
coordinator and organizer are looked up once per send-out, and the calendar files are the bytes
icalendar itself writes."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.mail.models import Dispatch
from klynge.meetings import ics, services
from klynge.meetings.models import Invitation
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_invite_page_writes_invitations_with_history_naming_the_coordinator(
    world, members, rules, login
):
    coordinator = login(world.users["coordinator"])
    meeting = make_meeting(world.cluster_a)
    url = reverse("meetings:invite", args=[world.cluster_a.slug, meeting.pk])
    response = coordinator.post(url, {"people": [p.pk for p in members]})
    assert response.status_code == 302
    user = world.users["coordinator"]
    invitations = Invitation.objects.filter(meeting=meeting)
    assert invitations.count() == len(members)
    for invitation in invitations:
        assert list(
            invitation.history.values_list("history_type", "history_actor", "history_user_id")
        ) == [("+", user.email, user.pk)]
        assert invitation.clinic_id is not None and invitation.invited_at is not None


def post_queries(meeting, people) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert services.invite(meeting, people, by=None) == len(people)
    return sum('"clusters_post"' in q["sql"] for q in queries.captured_queries)


def test_the_coordinator_is_looked_up_once_per_send_out_not_per_mail(world, members, rules):
    two = post_queries(make_meeting(world.cluster_a, days=30), members[:2])
    four = post_queries(make_meeting(world.cluster_a, days=40), members)
    assert two == four


def invite_queries(meeting, people) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert services.invite(meeting, people, by=None) == len(people)
    return len(queries)


def test_inviting_costs_the_same_queries_for_two_people_as_for_four(world, members, rules):
    """The invitations, their mails, calendar files and keys are written in bulk."""
    two = invite_queries(make_meeting(world.cluster_a, days=30), members[:2])
    four = invite_queries(make_meeting(world.cluster_a, days=40), members)
    assert two == four
    assert Dispatch.objects.filter(email__attachments__name="invitation.ics").count() == 6


def test_calendar_file_is_the_bytes_icalendar_writes(world):
    meeting = make_meeting(world.cluster_a)
    calendar = ics._calendar("REQUEST")
    calendar.add_component(ics.event_for(meeting, organizer=("Karen", "karen@example.dk")))
    theirs = copy.deepcopy(calendar)
    theirs.add_missing_timezones()
    assert b"BEGIN:VTIMEZONE" in theirs.to_ical()
    assert ics.serialize(calendar) == theirs.to_ical()
    assert ics.serialize(calendar) == ics.serialize(calendar)  # the cached zone, used again
