"""The meeting pages' writes go through services that name the user (issue 9): the history of a
meeting and of a follow-up names who changed it; agenda items, materials and decisions (no history
table) are written as that user."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.conftest import writes_as
from klynge.meetings.models import Action, AgendaItem, Decision, Material, Meeting
from klynge.meetings.tests.factories import PDF_BYTES, make_material, make_meeting

pytestmark = pytest.mark.django_db


def url(name, meeting, *more):
    return reverse(f"meetings:{name}", args=["klynge-a", meeting.pk, *more])


@pytest.fixture
def meeting(world, rules):
    return make_meeting(world.cluster_a, days=-1, status=Meeting.Status.CALLED)


@pytest.fixture
def coordinator(login, world):
    return login(world.users["coordinator"])


def test_agenda_page_writes_name_the_coordinator(coordinator, world, meeting):
    email = world.users["coordinator"].email
    with writes_as(AgendaItem) as seen:
        coordinator.post(url("agenda", meeting), {"title": "Data", "minutes_allotted": "30"})
        coordinator.post(url("agenda", meeting), {"title": "Refleksion", "minutes_allotted": "9"})
        item = meeting.agenda.get(title="Refleksion")
        form = coordinator.get(url("agenda_item", meeting, item.pk)).context["form"]
        edit = {"title": "Refleksion og KOL", "seen": form["seen"].value()}
        assert coordinator.post(url("agenda_item", meeting, item.pk), edit).status_code == 302
        coordinator.post(url("agenda_move", meeting, item.pk), {"direction": "up"})
        coordinator.post(url("agenda_delete", meeting, item.pk))
    # two adds, one edit, two positions swapped, one delete
    assert seen == [email] * 6
    assert list(meeting.agenda.values_list("title", flat=True)) == [
        "Opfølgning fra sidste møde",
        "Data",
    ]


def test_material_upload_and_delete_name_the_coordinator(coordinator, world, meeting):
    email = world.users["coordinator"].email
    upload = SimpleUploadedFile("KOL.pdf", PDF_BYTES, content_type="application/pdf")
    with writes_as(Material) as seen:
        coordinator.post(url("materials", meeting), {"file": upload, "label": ""})
        material = Material.objects.get()
        assert material.uploaded_by == world.users["coordinator"]
        assert material.label == "KOL.pdf" and material.file.name.endswith(".pdf")
        coordinator.post(url("material_delete", meeting, material.pk))
    assert seen == [email, email] and not Material.objects.exists()


def test_outcomes_page_posts_each_form_to_its_own_view(coordinator, world, meeting):
    page = coordinator.get(url("outcomes", meeting)).text
    assert url("outcomes_decision", meeting) in page and url("outcomes_action", meeting) in page
    assert 'name="kind"' not in page
    assert coordinator.post(url("outcomes", meeting), {"d-text": "x"}).status_code == 405
    email = world.users["coordinator"].email
    with writes_as(Decision) as seen:
        answer = coordinator.post(url("outcomes_decision", meeting), {"d-text": "Vi måler ens."})
        assert answer.status_code == 302 and answer["Location"] == url("outcomes", meeting)
        decision = meeting.decisions.get()
        assert url("decision_delete", meeting, decision.pk) in coordinator.get(answer.url).text
        coordinator.post(url("decision_delete", meeting, decision.pk))
    assert seen == [email, email] and not meeting.decisions.exists()
    refused = coordinator.post(url("outcomes_decision", meeting), {"d-text": ""})
    assert refused.status_code == 200 and "Skriv beslutningen." in refused.text


def test_a_follow_up_from_the_outcomes_page_is_in_the_history_with_its_author(
    coordinator, world, meeting
):
    due = (meeting.start + timedelta(days=30)).date().isoformat()
    with writes_as(Action) as seen:
        answer = coordinator.post(
            url("outcomes_action", meeting),
            {"a-text": "Tjek egne tal", "a-owner": "cluster", "a-due_date": due},
        )
    assert answer.status_code == 302 and seen == [world.users["coordinator"].email]
    action = Action.objects.get(meeting=meeting)
    record = action.history.get()
    assert record.history_user == world.users["coordinator"]
    assert record.history_actor == world.users["coordinator"].email


def test_deleting_another_meetings_decision_is_not_found(coordinator, world, meeting):
    other = make_meeting(world.cluster_a, days=-2, status=Meeting.Status.CALLED)
    decision = Decision.objects.create(meeting=other, text="Andet møde")
    assert coordinator.post(url("decision_delete", meeting, decision.pk)).status_code == 404
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_minutes_saved_by_the_coordinator_are_in_the_meetings_history(coordinator, world, meeting):
    item = meeting.agenda.get()
    with writes_as(AgendaItem, Meeting) as seen:
        coordinator.post(url("minutes", meeting), {"summary": "God dag", f"item_{item.pk}": "Ok"})
    meeting.refresh_from_db()
    assert meeting.minutes_summary == "God dag" and meeting.agenda.get().minutes == "Ok"
    record = meeting.history.first()
    assert record.minutes_summary == "God dag"
    assert record.history_user == world.users["coordinator"]
    assert seen == [world.users["coordinator"].email] * 2


def test_a_material_of_another_meeting_is_not_deleted(coordinator, world, meeting):
    other = make_meeting(world.cluster_a, days=-2, status=Meeting.Status.CALLED)
    material = make_material(other)
    assert coordinator.post(url("material_delete", meeting, material.pk)).status_code == 404
    assert Material.objects.filter(pk=material.pk).exists()
