"""Bad input gets a Danish message next to the field, keeps what was typed, saves nothing and is
never a 500; calendar files never fail, whatever year a meeting has."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from klynge.lib.forms import DATE_RANGE_MESSAGE, DateInput, Form
from klynge.meetings import ics
from klynge.meetings.models import AgendaItem, Meeting
from klynge.meetings.tests.factories import invite_people, make_meeting

pytestmark = pytest.mark.django_db

RANGE = str(DATE_RANGE_MESSAGE)


class DayForm(Form):
    day = forms.DateField(widget=DateInput())


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_a_date_is_accepted_exactly_in_2000_to_2100(day):
    form = DayForm({"day": day.isoformat()})
    assert form.is_valid() == (2000 <= day.year <= 2100)
    if not form.is_valid():
        assert form.errors["day"] == [RANGE]


@pytest.mark.parametrize("typed", ["0001-01-01T10:00", "9999-12-31T23:59", "1999-12-31T18:00"])
def test_a_meeting_outside_2000_to_2100_gets_a_field_message(login, world, typed):
    client = login(world.users["coordinator"])
    response = client.post(
        reverse("meetings:create", args=["klynge-a"]),
        {"title": "Tastefejl", "start": typed, "venue_type": "outside"},
    )
    assert response.status_code == 200
    assert RANGE in response.text and f'value="{typed}"' in response.text
    assert 'value="Tastefejl"' in response.text
    assert not Meeting.objects.exists()


def test_a_date_poll_outside_the_range_gets_a_field_message(login, world):
    meeting = Meeting.objects.create(cluster=world.cluster_a, title="Uden dato")
    response = login(world.users["coordinator"]).post(
        reverse("meetings:poll", args=["klynge-a", meeting.pk]),
        {"duration": "3", "option_1": "9999-01-01T10:00", "option_2": "0001-01-01T10:00"},
    )
    assert response.status_code == 200 and response.text.count(RANGE) >= 2
    assert not hasattr(meeting, "poll") or not meeting.poll.options.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999999999999", "Højst 600 minutter (10 timer) pr. punkt."),
        ("601", "Højst 600 minutter (10 timer) pr. punkt."),
        ("-5", "Skriv et antal minutter fra 0 til 600."),
        ("1e5", "Skriv et helt antal minutter, fx 30."),
    ],
)
def test_minutes_per_agenda_item_are_at_most_600(login, world, typed, message):
    meeting = make_meeting(world.cluster_a)
    client = login(world.users["coordinator"])
    response = client.post(
        reverse("meetings:agenda", args=["klynge-a", meeting.pk]),
        {"title": "Data", "minutes_allotted": typed},
    )
    assert response.status_code == 200 and message in response.text
    assert f'value="{typed}"' in response.text
    assert list(meeting.agenda.values_list("title", flat=True)) == ["Opfølgning fra sidste møde"]
    item = meeting.agenda.get()
    response = client.post(
        reverse("meetings:agenda_item", args=["klynge-a", meeting.pk, item.pk]),
        {"title": "Opfølgning", "minutes_allotted": typed},
    )
    assert response.status_code == 200 and message in response.text
    assert AgendaItem.objects.get(pk=item.pk).minutes_allotted is None


def test_600_minutes_is_accepted(login, world):
    meeting = make_meeting(world.cluster_a)
    login(world.users["coordinator"]).post(
        reverse("meetings:agenda", args=["klynge-a", meeting.pk]),
        {"title": "Heldagsseminar", "minutes_allotted": "600"},
    )
    assert meeting.agenda.get(title="Heldagsseminar").minutes_allotted == 600


EDGES = [
    datetime(9999, 12, 31, 22, 30, tzinfo=UTC),  # +3 hours and Copenhagen time overflow
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(1, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2027, 2, 9, 17, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("start", EDGES)
def test_calendar_files_never_fail(login, world, members, start):
    meeting = make_meeting(world.cluster_a, status=Meeting.Status.CALLED)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=None)
    meeting.refresh_from_db()
    invitation = invite_people(meeting, members)[0]
    for data in (
        ics.meeting_ics(meeting),
        ics.invitation_ics(invitation, "CANCEL"),
        ics.feed_ics([meeting], "Mine møder"),
    ):
        event = Calendar.from_ical(data).walk("VEVENT")[0]
        assert event.decoded("dtstart") <= event.decoded("dtend")
        assert event.decoded("dtstart").year == start.year
    response = login(world.users["member"]).get(
        reverse("meetings:ics", args=["klynge-a", meeting.pk])
    )
    assert response.status_code == 200 and b"BEGIN:VEVENT" in response.content


def test_end_before_start_in_stored_data_still_gives_a_sane_file(world):
    meeting = make_meeting(world.cluster_a)
    Meeting.objects.filter(pk=meeting.pk).update(end=meeting.start - timedelta(hours=1))
    meeting.refresh_from_db()
    start, end = ics.span(meeting)
    assert end - start == ics.DEFAULT_LENGTH
