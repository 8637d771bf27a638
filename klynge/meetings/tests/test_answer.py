"""Answer links: GET changes nothing, POST records, and a wrong link gets a clear page."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from klynge.conftest import writes_as
from klynge.meetings import polls, services, tokens
from klynge.meetings.models import DatePoll, Invitation, PollAnswer
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    meeting.refresh_from_db()
    return meeting


def link(invitation, meeting=None):
    meeting = meeting or invitation.meeting
    return reverse(
        "meetings:answer",
        kwargs={
            "cluster": meeting.cluster.slug,
            "meeting": meeting.pk,
            "answer_token": tokens.answer_token(invitation),
        },
    )


def test_get_shows_the_page_and_changes_nothing(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    response = client.get(link(invitation) + "?svar=ja")
    assert response.status_code == 200
    assert "Jeg deltager" in response.text and meeting.title in response.text
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.NONE and invitation.answered_at is None
    assert invitation.history.count() == 1
    # The link never logs anyone in.
    assert "_auth_user_id" not in client.session


def test_post_records_and_may_change_until_the_deadline(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    response = client.post(link(invitation), {"answer": "no", "reason": "Vagt"})
    assert response.status_code == 200 and "afbud er registreret" in response.text
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.answer_reason) == ("no", "Vagt")
    client.post(link(invitation), {"answer": "yes", "reason": "glemt"})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.answer_reason) == ("yes", "")
    with time_machine.travel(meeting.answer_deadline + timedelta(minutes=1)):
        response = client.post(link(invitation), {"answer": "no"})
    assert response.status_code == 409 and "Svarfristen er overskredet" in response.text
    invitation.refresh_from_db()
    assert invitation.answer == "yes"


def test_missing_answer_gets_a_message_next_to_the_field(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    response = client.post(link(invitation), {"answer": "maybe"})
    assert "form-error-message" in response.text
    invitation.refresh_from_db()
    assert invitation.answer == "none"


def test_link_for_meeting_a_cannot_answer_meeting_b(client, world, meeting, members):
    other = make_meeting(world.cluster_a, days=40, title="Et andet møde")
    services.invite(other, members, by=None)
    invitation = meeting.invitations.get(person=world.people["member"])
    response = client.post(link(invitation, meeting=other), {"answer": "yes"})
    assert response.status_code == 400
    assert "passer ikke til dette møde" in response.text
    assert not Invitation.objects.filter(answer="yes").exists()


def test_changed_character_is_refused(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    url = link(invitation)
    token = tokens.answer_token(invitation)
    position = len(token) // 2
    changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    response = client.post(url.replace(token, changed), {"answer": "yes"})
    assert response.status_code == 400 and "Linket er ugyldigt" in response.text
    invitation.refresh_from_db()
    assert invitation.answer == "none"


def test_expired_link(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    url = link(invitation)
    with time_machine.travel(timedelta(days=401)):
        response = client.get(url)
    assert response.status_code == 410 and "udløbet" in response.text


def test_link_of_another_cluster_is_refused(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    url = link(invitation).replace(world.cluster_a.slug, world.cluster_b.slug)
    assert client.post(url, {"answer": "yes"}).status_code == 400


def test_member_answers_from_the_meeting_page(login, world, meeting):
    client = login(world.users["member"])
    url = reverse("meetings:my_answer", args=[world.cluster_a.slug, meeting.pk])
    client.post(url, {"answer": "yes"})
    invitation = meeting.invitations.get(person=world.people["member"])
    assert invitation.answer == "yes"
    assert invitation.history.first().history_actor == world.users["member"].email


def test_an_answer_by_link_names_the_link_in_the_history(client, world, meeting):
    invitation = meeting.invitations.get(person=world.people["member"])
    client.post(link(invitation), {"answer": "yes"})
    latest = invitation.history.first()
    assert latest.answer == "yes"
    assert latest.history_actor == f"svarlink: {world.people['member'].email}"


def test_poll_link(client, world, members):
    meeting = services.create_meeting(world.cluster_a, title="Find dato", by=None)
    start = make_meeting(world.cluster_a, days=20).start
    options = [(start, start + timedelta(hours=3)), (start + timedelta(days=2), None)]
    options[1] = (options[1][0], options[1][0] + timedelta(hours=3))
    poll = polls.create_poll(meeting, options, members, by=None)
    person = world.people["member"]
    url = reverse(
        "meetings:poll_answer",
        kwargs={
            "cluster": "klynge-a",
            "meeting": meeting.pk,
            "poll_token": tokens.poll_token(poll, person),
        },
    )
    assert client.get(url).status_code == 200
    assert not PollAnswer.objects.exists()
    first, second = poll.options.all()
    response = client.post(url, {f"o{first.pk}": "yes"})
    assert "form-error-message" in response.text
    assert not PollAnswer.objects.exists()
    with writes_as(PollAnswer) as seen:
        client.post(url, {f"o{first.pk}": "yes", f"o{second.pk}": "maybe"})
    assert seen == [f"datolink: {person.email}"] * 2
    assert dict(PollAnswer.objects.values_list("option_id", "value")) == {
        first.pk: "yes",
        second.pk: "maybe",
    }
    # The same token does not open another meeting's poll.
    other = services.create_meeting(world.cluster_a, title="Anden", by=None)
    DatePoll.objects.create(meeting=other)
    assert client.get(url.replace(f"/{meeting.pk}/", f"/{other.pk}/")).status_code == 400
