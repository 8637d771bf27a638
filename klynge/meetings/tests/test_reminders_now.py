"""Reminders on demand ("Send påmindelse nu"): at most once a day per person, scheduled ones
count, and the meeting page shows when the next scheduled reminder goes out."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from klynge.conftest import make_person
from klynge.meetings import jobs, polls, reminders, rules, services
from klynge.meetings.lifecycle import Refused
from klynge.meetings.models import Invitation, PollAnswer
from klynge.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

UTC = UTC


def reminded() -> list[str]:
    return sorted(e.to[0] for e in Email.objects.filter(subject__startswith="Påmindelse"))


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=30)
    services.invite(meeting, members, by=None)
    services.record_answer(
        meeting.invitations.get(person=world.people["coordinator"]), Invitation.Answer.YES, by=None
    )
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 5, 1, 12, tzinfo=UTC), datetime(2026, 5, 3, 12, tzinfo=UTC)),
        (datetime(2026, 5, 3, 12, 1, tzinfo=UTC), datetime(2026, 5, 8, 12, tzinfo=UTC)),
        (datetime(2026, 5, 8, 12, 1, tzinfo=UTC), None),
        (datetime(2026, 5, 10, 12, tzinfo=UTC), None),
    ],
)
def test_next_reminder_is_the_first_scheduled_moment_still_ahead(now, expected):
    deadline = datetime(2026, 5, 10, 12, tzinfo=UTC)
    assert rules.next_reminder_at(deadline, [7, 2], now) == expected
    assert rules.next_reminder_at(None, [7, 2], now) is None


def test_remind_now_goes_to_non_responders_once_a_day(world, called):
    coordinator = world.users["coordinator"]
    result = reminders.remind_meeting(called, by=coordinator)
    assert result.sent == 3 and not result.already_today
    expected = sorted(world.people[k].email for k in ("board", "member", "member2"))
    assert reminded() == expected
    again = reminders.remind_meeting(called, by=coordinator)
    assert again.sent == 0
    assert sorted(again.already_today) == sorted(
        world.people[k].name for k in ("board", "member", "member2")
    )
    assert reminded() == expected, "a second press the same day sends nothing"
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert reminders.remind_meeting(called, by=coordinator).sent == 3
    assert len(reminded()) == 6


def test_a_scheduled_reminder_today_counts_as_the_days_reminder(world, called):
    moment = called.answer_deadline - timedelta(days=7, minutes=-1)
    with time_machine.travel(moment, tick=False):
        assert jobs.run_due(moment) == 3
        result = reminders.remind_meeting(called, by=world.users["coordinator"])
    assert result.sent == 0 and len(result.already_today) == 3


def test_remind_now_skips_those_who_are_no_longer_members_on_the_day(world, called):
    from klynge.clusters.models import ClinicAffiliation

    leaving = world.people["member2"]
    ClinicAffiliation.objects.filter(person=leaving).update(
        end=timezone.localdate(called.start) - timedelta(days=1)
    )
    result = reminders.remind_meeting(called, by=world.users["coordinator"])
    assert result.sent == 2 and leaving.email not in reminded()


def test_remind_now_is_refused_after_the_deadline(world, called):
    late = called.answer_deadline + timedelta(minutes=1)
    with time_machine.travel(late), pytest.raises(Refused):
        reminders.remind_meeting(called, by=world.users["coordinator"])
    assert reminded() == []


def test_meeting_page_shows_next_reminder_and_button(login, world, called):
    client = login(world.users["coordinator"])
    url = reverse("meetings:detail", args=["klynge-a", called.pk])
    page = client.get(url).text
    expected = timezone.localtime(called.answer_deadline - timedelta(days=7))
    assert "Næste planlagte påmindelse sendes" in page
    assert expected.strftime("%H:%M") in page and str(expected.day) in page
    assert "Send påmindelse nu til 3" in page
    response = client.post(reverse("meetings:remind", args=["klynge-a", called.pk]), follow=True)
    assert "Påmindelsen er lagt i udbakken til 3 personer." in response.text
    response = client.post(reverse("meetings:remind", args=["klynge-a", called.pk]), follow=True)
    assert "Har allerede fået en påmindelse i dag" in response.text
    assert len(reminded()) == 3
    member = login(world.users["member"])
    assert "Send påmindelse nu" not in member.get(url).text
    assert member.post(reverse("meetings:remind", args=["klynge-a", called.pk])).status_code == 403


def test_poll_reminder_goes_to_those_who_have_not_answered(login, world, members):
    meeting = make_meeting(world.cluster_a, days=30)
    start = timezone.now() + timedelta(days=20)
    options = [
        (start, start + timedelta(hours=2)),
        (start + timedelta(days=1), start + timedelta(days=1, hours=2)),
    ]
    poll = polls.create_poll(meeting, options, members, by=None)
    PollAnswer.objects.create(
        option=poll.options.first(), person=world.people["member"], value="yes"
    )
    outsider = make_person("Ulla Udenfor", None, email="ulla@example.dk")
    poll.people.add(outsider)
    client = login(world.users["coordinator"])
    assert (
        "Send påmindelse nu"
        in client.get(reverse("meetings:poll", args=["klynge-a", meeting.pk])).text
    )
    url = reverse("meetings:poll_remind", args=["klynge-a", meeting.pk])
    response = client.post(url, follow=True)
    assert "til 3 personer" in response.text
    expected = sorted(world.people[k].email for k in ("coordinator", "board", "member2"))
    assert reminded() == expected, "answered and non-members get none"
    client.post(url)
    assert reminded() == expected, "at most once a day"
    poll.closed_at = timezone.now()
    poll.save()
    response = client.post(url, follow=True)
    assert "Datoafstemningen er afsluttet" in response.text
    assert reminded() == expected


def test_a_reminder_now_holds_the_scheduled_one_until_the_next_day(world, called):
    moment = called.answer_deadline - timedelta(days=7, minutes=-1)
    with time_machine.travel(moment, tick=False):
        assert reminders.remind_meeting(called, by=world.users["coordinator"]).sent == 3
        assert jobs.run_due(moment) == 0, "not twice the same day"
    tomorrow = moment + timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert jobs.run_due(tomorrow) == 3
    assert len(reminded()) == 6
