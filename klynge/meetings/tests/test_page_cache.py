"""The meeting page's cached part (klynge/meetings/page.py): every table it reads is watched, and a
change made through a service shows on the page at once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from klynge.clusters.derived import WATCHED
from klynge.clusters.models import ClinicAffiliation, Cluster
from klynge.clusters.tests.reads import models_read
from klynge.meetings import page, polls, services_items
from klynge.meetings.models import AgendaItem, Meeting
from klynge.meetings.tests.factories import invite_people, make_action, make_material, make_meeting
from klynge.privacy.services import update_own_details
from klynge.surveys.services import create_survey


def a_full_meeting(world) -> Meeting:
    """A meeting with something in every part the cache holds (so every query runs)."""
    meeting = make_meeting(world.cluster_a, status=Meeting.Status.CALLED)
    invite_people(meeting, [world.people["member"]])
    item = services_items.add_agenda_item(
        meeting, AgendaItem(title="KOL", responsible=world.people["board"]), by=None
    )
    material = make_material(meeting)
    material.item = item
    material.save()
    make_material(meeting, label="Løst bilag.pdf")
    services_items.add_decision(meeting, "Vi måler spirometri", by=None)
    make_action(world.cluster_a, meeting, owner_person=world.people["board"])
    make_action(world.cluster_a, owner_clinic=world.clinic_a1)
    start = timezone.now() + timedelta(days=40)
    polls.create_poll(meeting, [(start, start + timedelta(hours=2))], [], by=None)
    return meeting


def test_every_table_the_cached_part_reads_is_watched(world):
    """A new input (a table the page's cached part starts to read) must be declared in its app's
    derived.py, or its changes would not show."""
    meeting = a_full_meeting(world)
    with models_read() as read:
        page.compute(world.cluster_a, meeting)
    assert len(read) > 12
    assert read <= set(WATCHED), sorted(model.__name__ for model in read - set(WATCHED))


def test_the_cached_part_is_one_query_when_warm(world, django_assert_num_queries):
    meeting = a_full_meeting(world)
    first = page.content(world.cluster_a, meeting)
    cluster = Cluster.objects.get(pk=world.cluster_a.pk)
    with django_assert_num_queries(1):  # the cluster's token; the entry is kept in the process
        again = page.content(cluster, meeting)
    assert again.keys() == first.keys()
    item = next(item for item in again["agenda"] if item.title == "KOL")
    assert [m.label for m in item.materials.all()] == ["Data om KOL.pdf"]
    assert [m.label for m in again["loose_materials"]] == ["Løst bilag.pdf"]


def test_changes_show_on_the_meeting_page_at_once(world, login):
    meeting = a_full_meeting(world)
    client = login(world.users["coordinator"])
    url = reverse("meetings:detail", args=[world.cluster_a.slug, meeting.pk])

    def shown() -> str:
        return client.get(url).content.decode()

    assert "Vi måler spirometri" in shown()  # cached from here on
    services_items.add_agenda_item(meeting, AgendaItem(title="Astma"), by=None)
    assert "Astma" in shown()
    make_material(meeting, label="Nyt bilag.pdf")
    assert "Nyt bilag.pdf" in shown()
    decision = meeting.decisions.get()
    services_items.change_decision(decision, "Vi måler FEV1", by=None)
    assert "Vi måler FEV1" in shown()
    make_action(world.cluster_a, text="Ring til kommunen")  # an open one of another meeting
    assert "Ring til kommunen" in shown()
    create_survey(world.cluster_a, title="Spørgeskema om astma", by=None)
    assert "Spørgeskema om astma" in shown()  # the agenda form's list of surveys
    # A member without a post, named only in the forms' lists of people.
    member = world.people["member"]
    update_own_details(member, {"name": "Mette Nytnavn"}, by=member.user)
    assert f'value="person:{member.pk}">Mette Nytnavn<' in shown()  # not the live invitation
    # A new colleague in a member clinic is in the forms' lists of people.
    newcomer = type(member).objects.create(name="Nina Nykommer")
    assert "Nina Nykommer" not in shown()
    ClinicAffiliation.objects.create(
        person=newcomer,
        clinic=world.clinic_a1,
        role=ClinicAffiliation.Role.EMPLOYED,
        start=timezone.localdate() - timedelta(days=1),
    )
    assert "Nina Nykommer" in shown()
    # Someone outside the cluster's clinics, named as a follow-up's owner.
    outsider = type(member).objects.create(name="Otto Udefra")
    make_action(world.cluster_a, meeting, owner_person=outsider)
    assert "Otto Udefra" in shown()
    update_own_details(outsider, {"name": "Otto Omdøbt"}, by=None)
    assert "Otto Omdøbt" in shown()
    services_items.delete_decision(meeting.decisions.get(), by=None)
    assert "Vi måler FEV1" not in shown()
