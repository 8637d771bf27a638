"""The meeting page's step list: the facts of one meeting read for `rules.meeting_steps`, and the
one link (or button) each step leads to."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from klynge.meetings import rules
from klynge.meetings.models import Invitation, Meeting

# Steps done by pressing a button (a POST) rather than by following a link: sending the list,
# and starting the claim for this meeting (the claim page follows at once).
POSTED = {"list", "claim"}


@dataclass
class StepLink:
    step: rules.Step
    url: str
    post: bool = False
    # Where a done step is seen (none for the date and the list sent).
    done_url: str = ""

    @property
    def key(self):
        return self.step.key

    @property
    def state(self):
        return self.step.state


def facts_of(meeting: Meeting, *, invitations, agenda, materials, decisions, actions, poll):
    """The plain facts, from what the meeting page has already loaded (one query: the claim)."""
    return rules.MeetingFacts(
        status=meeting.status,
        start=meeting.start,
        poll_open=poll is not None and poll.is_open,
        invited=len(invitations),
        unanswered=sum(inv.answer == Invitation.Answer.NONE for inv in invitations),
        answer_deadline=meeting.answer_deadline,
        agenda_items=sum(not item.is_followup for item in agenda),
        materials=materials,
        materials_sent=meeting.materials_sent_at is not None,
        decisions=len(decisions),
        actions=len(actions),
        list_sent=meeting.attendance_list_sent_at is not None,
        claim=has_claim(meeting),
    )


def has_claim(meeting: Meeting) -> bool:
    # The claim lives in the money app; its reverse accessor spares an import of it.
    try:
        meeting.claim  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def url_of(key: str, meeting: Meeting) -> str:
    args = [meeting.cluster.slug, meeting.pk]
    here = reverse("meetings:detail", args=args)
    return {
        "date": reverse("meetings:poll", args=args),
        "invitation": reverse("meetings:invite", args=args),
        "answers": reverse("meetings:call_list", args=args),
        "agenda": here + "#dagsorden",
        "attendance": reverse("meetings:attendance", args=args),
        "decisions": here + "#beslutninger",
        "list": reverse("meetings:send_attendance_list", args=args),
        "claim": reverse("money:claim_new", args=[meeting.cluster.slug]),
    }[key]


def done_url_of(key: str, meeting: Meeting) -> str:
    here = reverse("meetings:detail", args=[meeting.cluster.slug, meeting.pk])
    if key == "claim":
        return reverse("money:claim", args=[meeting.cluster.slug, meeting.claim.pk])
    if key == "attendance":
        return reverse("meetings:attendance", args=[meeting.cluster.slug, meeting.pk])
    anchors = {
        "invitation": "#inviterede",
        "answers": "#inviterede",
        "agenda": "#dagsorden",
        "decisions": "#beslutninger",
    }
    return here + anchors[key] if key in anchors else ""


def step_links(meeting: Meeting, facts: rules.MeetingFacts, now=None) -> list[StepLink]:
    steps = rules.meeting_steps(facts, now or timezone.now())
    return [
        StepLink(
            step,
            url_of(step.key, meeting),
            step.key in POSTED,
            done_url_of(step.key, meeting) if step.state == rules.DONE else "",
        )
        for step in steps
    ]
