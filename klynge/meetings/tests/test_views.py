"""The coordinator's pages: create, edit, invite, cancel, find a date, and the meeting page."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from klynge.conftest import make_person
from klynge.meetings import polls, services
from klynge.meetings.models import DatePoll, Meeting, PollAnswer
from klynge.meetings.tests.factories import make_action, make_material, make_meeting

pytestmark = pytest.mark.django_db


def seen_of(page: str) -> str:
    """What the edit form says the user saw (GuardedModelForm's hidden field)."""
    match = re.search(r'name="seen" value="([^"]*)"', page)
    assert match, "the edit form carries what the user saw"
    return html.unescape(match.group(1))


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_create_meeting(login, world):
    client = login(world.users["coordinator"])
    start = timezone.now() + timedelta(days=30)
    response = client.post(
        reverse("meetings:create", args=["klynge-a"]),
        {
            "title": "Klyngemøde om demens",
            "topic": "Klyngepakke",
            "start": local(start),
            "end": local(start + timedelta(hours=3)),
            "venue_type": "outside",
            "venue": "Hotel Prindsen",
            "catering_ordered": "on",
            "catering_supplier": "Hotellet",
            "expected_count": "20",
            "chair": world.people["board"].pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/moeder/{meeting.pk}/")
    assert meeting.chair == world.people["board"] and meeting.catering_ordered
    assert meeting.status == Meeting.Status.PLANNING


def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(login, world):
    client = login(world.users["coordinator"])
    start = timezone.now() + timedelta(days=30)
    response = client.post(
        reverse("meetings:create", args=["klynge-a"]),
        {
            "title": "Virtuelt møde",
            "start": local(start),
            "end": local(start - timedelta(hours=1)),
            "venue_type": "virtual",
        },
    )
    assert response.status_code == 200
    assert "Mødet skal slutte efter, det er begyndt." in response.text
    assert "Skriv linket til det virtuelle møde." in response.text
    assert 'value="Virtuelt møde"' in response.text
    assert not Meeting.objects.exists()


def test_member_cannot_create(login, world):
    response = login(world.users["member"]).get(reverse("meetings:create", args=["klynge-a"]))
    assert response.status_code == 403


def test_editing_time_of_called_meeting_sends_update(login, world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    client = login(world.users["coordinator"])
    new_start = meeting.start + timedelta(days=1)
    edit = reverse("meetings:edit", args=["klynge-a", meeting.pk])
    response = client.post(
        edit,
        {
            "seen": seen_of(client.get(edit).text),
            "title": meeting.title,
            "start": local(new_start),
            "end": local(new_start + timedelta(hours=3)),
            "venue_type": "outside",
            "venue": meeting.venue,
            "venue_address": meeting.venue_address,
            "answer_deadline": local(meeting.answer_deadline) if meeting.answer_deadline else "",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert Email.objects.filter(subject__startswith="Ændret").count() == 4


def test_invite_page_defaults_to_all_members(login, world, members, rules):
    meeting = make_meeting(world.cluster_a)
    client = login(world.users["coordinator"])
    url = reverse("meetings:invite", args=["klynge-a", meeting.pk])
    page = client.get(url)
    for person in members:
        assert f'value="{person.pk}"' in page.text
    assert world.people["other_coordinator"].name not in page.text
    response = client.post(url, {"people": [p.pk for p in members[:2]]})
    assert response.status_code == 302, response.context["form"].errors
    assert meeting.invitations.count() == 2
    empty = client.post(url, {})
    assert "Vælg mindst én person." in empty.text


def test_cancel_page(login, world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    client = login(world.users["coordinator"])
    client.post(reverse("meetings:cancel", args=["klynge-a", meeting.pk]), {"reason": "Sne"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.cancel_reason == "Sne"
    assert Email.objects.filter(subject__startswith="Aflyst").count() == 4


def test_date_poll_from_proposal_to_chosen_date(login, world, members, rules):
    meeting = services.create_meeting(world.cluster_a, title="Hvornår?", by=None)
    client = login(world.users["coordinator"])
    url = reverse("meetings:poll", args=["klynge-a", meeting.pk])
    one = timezone.now().replace(second=0, microsecond=0) + timedelta(days=40)
    too_few = client.post(url, {"duration": "3", "option_1": local(one)})
    assert "Foreslå mindst 2 tidspunkter." in too_few.text
    past = client.post(
        url,
        {"duration": "3", "option_1": local(one), "option_2": local(one - timedelta(days=60))},
    )
    assert "Tidspunktet er allerede passeret." in past.text
    assert not DatePoll.objects.exists()
    response = client.post(
        url,
        {
            "duration": "2,5",
            "option_1": local(one),
            "option_2": local(one + timedelta(days=1)),
            "option_3": local(one + timedelta(days=2)),
        },
    )
    assert response.status_code == 302
    poll = meeting.__class__.objects.get(pk=meeting.pk).poll
    assert poll.options.count() == 3 and poll.people.count() == 4
    assert Email.objects.filter(subject__startswith="Hvornår kan du").count() == 4
    first, second, _third = poll.options.all()
    assert first.end - first.start == timedelta(hours=2, minutes=30)
    polls.answer_poll(poll, world.people["member"], {first.pk: "no", second.pk: "yes"}, by=None)
    polls.answer_poll(poll, world.people["board"], {first.pk: "yes", second.pk: "yes"}, by=None)
    grid = client.get(url)
    assert "Karen Koordinator" in grid.text  # has not answered
    assert "2 har ikke svaret" in grid.text
    response = client.post(
        reverse("meetings:poll_choose", args=["klynge-a", meeting.pk]), {"option": second.pk}
    )
    assert response["Location"].endswith(f"/moeder/{meeting.pk}/inviter/")
    meeting.refresh_from_db()
    assert meeting.start == second.start and meeting.end == second.end
    assert Email.objects.filter(subject__startswith="Datoen er fundet").count() == 4
    assert PollAnswer.objects.count() == 4


def test_the_follow_up_item_is_stored_in_danish_and_shown_in_the_readers_language(login, world):
    meeting = make_meeting(world.cluster_a)
    item = meeting.agenda.get()
    assert item.title == "Opfølgning fra sidste møde"
    url = reverse("meetings:agenda", args=["klynge-a", meeting.pk])
    danish = login(world.users["coordinator"]).get(url)
    assert "Opfølgning fra sidste møde" in danish.text
    english = login(world.users["coordinator"]).get("/en" + url)
    assert "Follow-up from the last meeting" in english.text
    assert "Opfølgning fra sidste møde" not in english.text


def test_meeting_page_for_member_and_manager(login, world, members, rules):
    earlier = make_meeting(world.cluster_a, days=-40, status="held")
    make_action(world.cluster_a, earlier, text="Tjek KOL-data", owner_person=world.people["member"])
    meeting = make_meeting(world.cluster_a, topic="Demens")
    services.invite(meeting, members, by=None)
    make_material(meeting)
    member = login(world.users["member"])
    page = member.get(reverse("meetings:detail", args=["klynge-a", meeting.pk]))
    assert page.status_code == 200
    assert "Opfølgning fra sidste møde" in page.text and "Tjek KOL-data" in page.text
    assert "Data om KOL.pdf" in page.text
    assert "Dit svar" in page.text and "Ret mødet" not in page.text
    coordinator = login(world.users["coordinator"])
    page = coordinator.get(reverse("meetings:detail", args=["klynge-a", meeting.pk]))
    assert "Ret mødet" in page.text and "E-mails om mødet" in page.text
    listing = coordinator.get(reverse("meetings:list", args=["klynge-a"]))
    assert meeting.title in listing.text


@pytest.mark.parametrize("count", [4, 40])
def test_meeting_page_queries_do_not_grow(count, login, world, rules, django_assert_num_queries):
    meeting = make_meeting(world.cluster_a)
    people = [make_person(f"Person {n}", world.clinic_a2) for n in range(count)]
    services.invite(meeting, people, by=None)
    for invitation in meeting.invitations.all()[: count // 2]:
        services.record_answer(invitation, "yes", by=None)
    make_action(world.cluster_a)
    make_material(meeting)
    client = login(world.users["coordinator"])
    url = reverse("meetings:detail", args=["klynge-a", meeting.pk])
    client.get(url)
    # session + user + the cluster + the person + roles (posts and membership) + meeting +
    # invitations + the access-log rows (one bulk insert) + mail status + the cluster's token: the
    # agenda, materials, poll, rules, decisions, follow-ups, claim and the small forms are cached
    # (klynge/meetings/page.py). The same for 4 and 40 invited.
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.count(b"<tr>") >= count


QUERIES = 10


@pytest.mark.parametrize("count", [3, 30])
def test_list_and_attendance_pages_use_constant_queries(
    count, login, world, rules, django_assert_num_queries
):
    for n in range(count):
        make_meeting(world.cluster_a, days=n - count // 2, title=f"Møde {n}", status="called")
    meeting = make_meeting(world.cluster_a, days=0, title="I dag", status="called")
    services.invite(
        meeting, [make_person(f"Person {n}", world.clinic_a1) for n in range(count)], by=None
    )
    client = login(world.users["coordinator"])
    # session, user, person, cluster, roles (1), meetings with counts, open follow-ups
    with django_assert_num_queries(7):
        response = client.get(reverse("meetings:list", args=["klynge-a"]))
    assert response.text.count("/moeder/") >= count
    # session, user, cluster, roles (1), meeting, invitations, guests, access log, walk-in choices
    with django_assert_num_queries(9):
        response = client.get(reverse("meetings:attendance", args=["klynge-a", meeting.pk]))
    assert response.text.count('name="version"') == count


def test_meeting_page_look_up_is_in_the_access_log(world, login):
    from klynge.clusters.models import AccessLog
    from klynge.meetings.models import Invitation, Meeting

    meeting = Meeting.objects.create(cluster=world.cluster_a, title="Logmøde")
    for key in ("member", "member2"):
        Invitation.objects.create(meeting=meeting, person=world.people[key])
    response = login(world.users["coordinator"]).get(
        reverse("meetings:detail", args=[world.cluster_a.slug, meeting.pk])
    )
    assert response.status_code == 200
    logged = AccessLog.objects.filter(purpose="Mødeside med inviterede og svar")
    assert {row.subject for row in logged} == {world.people["member"], world.people["member2"]}
    assert {row.actor for row in logged} == {world.users["coordinator"]}
