"""Agenda items, decisions and follow-ups added and edited on the meeting page: htmx gets the
section back; without JavaScript the same URLs give the whole page or go back to it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.meetings.models import Action, AgendaItem, Decision, Meeting
from klynge.meetings.tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def url(name, meeting, *more):
    return reverse(f"meetings:{name}", args=["klynge-a", meeting.pk, *more])


@pytest.fixture
def meeting(world, rules):
    return make_meeting(world.cluster_a, days=-1, status=Meeting.Status.CALLED)


def test_htmx_adds_an_agenda_item_and_gets_the_section_back(login, world, meeting):
    client = login(world.users["coordinator"])
    before = meeting.agenda.count()
    response = client.post(url("agenda_add", meeting), {"punkt-title": "Data om KOL"}, headers=HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith("<section") and "<html" not in page
    assert 'id="agenda-section"' in page and "Data om KOL" in page
    item = meeting.agenda.get(title="Data om KOL")
    assert meeting.agenda.count() == before + 1
    assert item.position == max(meeting.agenda.values_list("position", flat=True))


def test_without_javascript_adding_goes_back_to_the_meeting_page(login, world, meeting):
    client = login(world.users["coordinator"])
    response = client.post(url("agenda_add", meeting), {"punkt-title": "Data om KOL"})
    assert response.status_code == 302
    assert response["Location"] == url("detail", meeting) + "#dagsorden"
    page = client.get(response["Location"]).content.decode()
    assert "Data om KOL" in page and "Punktet er tilføjet." in page


def test_a_refused_item_keeps_what_was_typed_with_and_without_javascript(login, world, meeting):
    client = login(world.users["coordinator"])
    typed = {"punkt-title": "", "punkt-description": "Husk tal fra egen praksis"}
    before = meeting.agenda.count()
    for headers in (HX, {}):
        response = client.post(url("agenda_add", meeting), typed, headers=headers)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Husk tal fra egen praksis" in page and "form-error-message" in page
        assert ("<html" in page) is (headers == {})
    assert meeting.agenda.count() == before


def test_an_item_is_edited_in_place(login, world, meeting):
    item = AgendaItem.objects.create(meeting=meeting, title="Gammel titel", position=5)
    client = login(world.users["coordinator"])
    shown = client.get(url("agenda_edit", meeting, item.pk), headers=HX).content.decode()
    assert 'name="ret-punkt-title"' in shown and "Gammel titel" in shown and "<html" not in shown
    # Without JavaScript the same link shows the whole page with the item in edit mode.
    full = client.get(url("agenda_edit", meeting, item.pk)).content.decode()
    assert "<html" in full and 'name="ret-punkt-title"' in full
    seen = full.split('name="ret-punkt-seen" value="')[1].split('"')[0].replace("&quot;", '"')
    response = client.post(
        url("agenda_edit", meeting, item.pk),
        {"ret-punkt-title": "Ny titel", "ret-punkt-seen": seen},
        headers=HX,
    )
    assert response.status_code == 200 and "Ny titel" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Ny titel"


def test_decisions_are_added_and_edited_on_the_page(login, world, meeting):
    client = login(world.users["coordinator"])
    response = client.post(
        url("decision_add", meeting), {"beslutning-text": "Vi måler blodtryk ens"}, headers=HX
    )
    assert 'id="outcomes-section"' in response.content.decode()
    decision = Decision.objects.get(meeting=meeting)
    response = client.post(
        url("decision_edit", meeting, decision.pk), {"ret-beslutning-text": "Vi måler to gange"}
    )
    assert response["Location"] == url("detail", meeting) + "#beslutninger"
    decision.refresh_from_db()
    assert decision.text == "Vi måler to gange"
    refused = client.post(url("decision_add", meeting), {"beslutning-text": ""})
    assert refused.status_code == 200 and "Skriv beslutningen." in refused.content.decode()
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_follow_ups_are_added_and_edited_on_the_page(login, world, meeting):
    client = login(world.users["coordinator"])
    person = world.people["member"]
    response = client.post(
        url("action_add", meeting),
        {
            "opfoelgning-text": "Tjek egne tal",
            "opfoelgning-owner": f"person:{person.pk}",
            "opfoelgning-due_next_meeting": "on",
        },
        headers=HX,
    )
    assert "Tjek egne tal" in response.content.decode()
    action = Action.objects.get(meeting=meeting)
    assert action.owner_person == person and action.due_next_meeting
    due = timezone.localdate() + timedelta(days=30)
    client.post(
        url("action_edit", meeting, action.pk),
        {
            "ret-opfoelgning-text": "Tjek egne tal for KOL",
            "ret-opfoelgning-owner": "cluster",
            "ret-opfoelgning-due_date": due.isoformat(),
        },
    )
    action.refresh_from_db()
    assert action.text == "Tjek egne tal for KOL" and action.owner_person is None
    assert action.due_date == due and not action.due_next_meeting
    assert action.history.first().history_actor


def test_a_follow_up_of_another_meeting_is_not_found(login, world, meeting):
    other = make_action(world.cluster_a)
    client = login(world.users["coordinator"])
    assert client.get(url("action_edit", meeting, other.pk)).status_code == 404


def test_a_member_who_does_not_run_the_meeting_is_refused(login, world, meeting):
    client = login(world.users["member"])
    response = client.post(url("decision_add", meeting), {"beslutning-text": "Nej"}, headers=HX)
    assert response.status_code == 403
    assert client.post(url("agenda_add", meeting), {"punkt-title": "x"}).status_code == 403
    assert not Decision.objects.exists()
