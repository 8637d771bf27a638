"""The meeting page leads the cycle: which steps are done, which waits, and the one next."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from klynge.meetings import rules
from klynge.meetings.models import Decision, Invitation, Meeting
from klynge.meetings.rules import DONE, NEXT, OPEN, WAITING, MeetingFacts, meeting_steps
from klynge.meetings.tests.factories import invite_people, make_meeting

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=20)
EARLIER = NOW - timedelta(hours=2)
ORDER = ["date", "invitation", "answers", "agenda", "attendance", "decisions", "list", "claim"]


def states(facts: MeetingFacts) -> str:
    """One letter per step in ORDER: d done, N next, o open, w waiting."""
    letters = {DONE: "d", NEXT: "N", OPEN: "o", WAITING: "w"}
    steps = meeting_steps(facts, NOW)
    assert [s.key for s in steps] == ORDER
    return "".join(letters[s.state] for s in steps)


CASES = [
    # A new meeting without a date: find one; nothing after the meeting can happen yet.
    ("no date", MeetingFacts("planning", None), "Nwwowwww"),
    ("poll running", MeetingFacts("planning", None, poll_open=True), "Nwwowwww"),
    # A date, nobody invited: invite next.
    ("dated", MeetingFacts("planning", LATER), "dNwowwww"),
    # Invited, answers coming in before the deadline: the agenda is next, answers follow.
    (
        "called",
        MeetingFacts("called", LATER, invited=10, unanswered=4, answer_deadline=LATER),
        "ddoNwwww",
    ),
    # The deadline passed with people missing: ring them first.
    (
        "deadline passed",
        MeetingFacts("called", LATER, invited=10, unanswered=4, answer_deadline=EARLIER),
        "ddNowwww",
    ),
    (
        "all answered",
        MeetingFacts("called", LATER, invited=10, unanswered=0, agenda_items=3),
        "dddNwwww",
    ),
    # Materials sent, meeting ahead: nothing to do now.
    (
        "sent",
        MeetingFacts("called", LATER, invited=10, materials_sent=True),
        "ddddwwww",
    ),
    # The meeting has begun: attendance next; answers and materials no longer matter; the
    # list waits until the meeting is held.
    (
        "begun",
        MeetingFacts("called", EARLIER, invited=10, unanswered=3),
        "ddddNowo",
    ),
    # Held: decisions next, then the list to the secretariat and the claim.
    ("held", MeetingFacts("held", EARLIER, invited=10), "dddddNoo"),
    (
        "decided",
        MeetingFacts("held", EARLIER, invited=10, materials_sent=True, decisions=1),
        "ddddddNo",
    ),
    (
        "everything",
        MeetingFacts(
            "closed",
            EARLIER,
            invited=10,
            materials_sent=True,
            actions=1,
            list_sent=True,
            claim=True,
        ),
        "dddddddd",
    ),
    # Recorded afterwards without invitations: the meeting counts as called once held.
    ("after the fact", MeetingFacts("held", EARLIER, decisions=1), "ddddddNo"),
]


@pytest.mark.parametrize(("name", "facts", "expected"), CASES, ids=[c[0] for c in CASES])
def test_steps(name, facts, expected):
    assert states(facts) == expected


def test_a_cancelled_meeting_has_no_steps():
    assert meeting_steps(MeetingFacts("cancelled", LATER, invited=3), NOW) == []


def test_there_is_at_most_one_next_step_and_it_says_what_to_do():
    facts = MeetingFacts("planning", None, poll_open=True)
    steps = meeting_steps(facts, NOW)
    assert [s.key for s in steps if s.state == NEXT] == ["date"]
    assert str(rules.next_step(steps).action) == "Vælg datoen"
    assert str(steps[3].action) == "Skriv dagsordenen"


db = pytest.mark.django_db


@db
def test_meeting_page_shows_the_steps_with_the_next_one_linked(login, world, members, rules):
    meeting = make_meeting(world.cluster_a, days=20, status=Meeting.Status.CALLED)
    invite_people(meeting, members, answer=Invitation.Answer.YES)
    client = login(world.users["coordinator"])
    page = client.get(reverse("meetings:detail", args=["klynge-a", meeting.pk])).content.decode()
    assert 'aria-current="step"' in page
    assert "Skriv dagsordenen" in page
    assert page.index("Mødets gang") < page.index('id="dagsorden"')
    # A member sees no steps.
    member = login(world.users["member"])
    other = member.get(reverse("meetings:detail", args=["klynge-a", meeting.pk])).content.decode()
    assert "Mødets gang" not in other


@db
def test_a_begun_meeting_leads_to_attendance_then_list_and_claim(login, world, members, rules):
    meeting = make_meeting(world.cluster_a, days=-1, status=Meeting.Status.HELD)
    invite_people(meeting, members, answer=Invitation.Answer.YES)
    Decision.objects.create(meeting=meeting, text="Vi måler blodtryk")
    client = login(world.users["coordinator"])
    page = client.get(reverse("meetings:detail", args=["klynge-a", meeting.pk])).content.decode()
    send = reverse("meetings:send_attendance_list", args=["klynge-a", meeting.pk])
    claim = reverse("money:claim_new", args=["klynge-a"])
    assert f'action="{send}"' in page
    # The claim is started for this meeting in one press: the claim page follows.
    assert f'action="{claim}"' in page and f'name="meeting" value="{meeting.pk}"' in page
    response = client.post(claim, {"meeting": meeting.pk})
    assert response["Location"] == reverse("money:claim", args=["klynge-a", meeting.claim.pk])


@db
def test_cluster_page_links_to_the_meetings_that_need_something(login, world, members, rules):
    undated = Meeting.objects.create(cluster=world.cluster_a, title="Forårsmødet")
    begun = make_meeting(world.cluster_a, days=-3, status=Meeting.Status.CALLED, title="Demens")
    make_meeting(world.cluster_a, days=-200, status=Meeting.Status.CALLED, title="Gammelt")
    client = login(world.users["coordinator"])
    page = client.get(reverse("clusters:detail", args=["klynge-a"])).content.decode()
    assert "1 møde mangler en dato" in page
    assert reverse("meetings:detail", args=["klynge-a", undated.pk]) in page
    assert reverse("meetings:detail", args=["klynge-a", begun.pk]) in page
    assert "fremmøde, deltagerliste til sekretariatet, refusionskrav" in page
    assert "Gammelt" not in page
    # A member sees the undated meeting but not the coordinator's work after meetings.
    member = login(world.users["member"])
    theirs = member.get(reverse("clusters:detail", args=["klynge-a"])).content.decode()
    assert reverse("meetings:detail", args=["klynge-a", undated.pk]) in theirs
    assert "Efter mødet mangler" not in theirs
