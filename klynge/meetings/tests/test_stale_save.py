"""Two people editing the same meeting or agenda item: the second save is refused with the news,
keeping what was typed, and goes through once the news has been seen."""

import pytest
from django.urls import reverse

from klynge.meetings.models import AgendaItem, Meeting
from klynge.meetings.tests.factories import make_meeting
from klynge.meetings.tests.test_views import local, seen_of

pytestmark = pytest.mark.django_db

STALE = "Ændret af en anden – se de nye oplysninger."


def meeting_data(meeting, **changes):
    data = {
        "title": meeting.title,
        "start": local(meeting.start),
        "end": local(meeting.end),
        "venue_type": meeting.venue_type,
        "venue": meeting.venue,
        "venue_address": meeting.venue_address,
    }
    return data | changes


def test_a_stale_meeting_save_is_refused_and_keeps_what_was_typed(login, world):
    meeting = make_meeting(world.cluster_a)
    url = reverse("meetings:edit", args=["klynge-a", meeting.pk])
    client = login(world.users["coordinator"])
    first = seen_of(client.get(url).text)
    second = seen_of(client.get(url).text)

    saved = client.post(url, meeting_data(meeting, venue="Hotel Prindsen", seen=first))
    assert saved.status_code == 302

    refused = client.post(url, meeting_data(meeting, title="Klyngemøde om demens", seen=second))
    assert refused.status_code == 200
    assert STALE in refused.text and "Hotel Prindsen" in refused.text
    assert 'value="Klyngemøde om demens"' in refused.text
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.venue) == ("Klyngemøde om KOL", "Hotel Prindsen")

    # Having seen the news, the user saves again and it goes through.
    again = client.post(
        url,
        meeting_data(stored, title="Klyngemøde om demens", seen=seen_of(refused.text)),
    )
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.venue) == ("Klyngemøde om demens", "Hotel Prindsen")


def test_a_stale_agenda_item_save_is_refused_and_keeps_what_was_typed(login, world):
    meeting = make_meeting(world.cluster_a)
    item = AgendaItem.objects.create(meeting=meeting, position=2, title="Data", minutes_allotted=30)
    url = reverse("meetings:agenda_item", args=["klynge-a", meeting.pk, item.pk])
    client = login(world.users["coordinator"])
    first = seen_of(client.get(url).text)
    second = seen_of(client.get(url).text)

    saved = client.post(url, {"title": "Data", "minutes_allotted": "45", "seen": first})
    assert saved.status_code == 302

    refused = client.post(url, {"title": "Data om KOL", "minutes_allotted": "30", "seen": second})
    assert refused.status_code == 200
    assert STALE in refused.text and "Minutter: 45" in refused.text
    assert 'value="Data om KOL"' in refused.text
    item.refresh_from_db()
    assert (item.title, item.minutes_allotted) == ("Data", 45)

    again = client.post(
        url, {"title": "Data om KOL", "minutes_allotted": "45", "seen": seen_of(refused.text)}
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.minutes_allotted) == ("Data om KOL", 45)
