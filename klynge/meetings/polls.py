"""Finding a date: options, answers through personal links, the grid, and the chosen date."""

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klynge.clusters.audit import service
from klynge.clusters.derived import bump
from klynge.clusters.models import Person
from klynge.meetings.models import DatePoll, Meeting, PollAnswer, PollOption
from klynge.meetings.services import meeting_url, poll_url, queue


@service
def create_poll(
    meeting: Meeting, options: list[tuple[datetime, datetime]], people, deadline=None, *, by
):
    """Propose times and e-mail each person their personal link."""
    with transaction.atomic():
        poll = DatePoll.objects.create(meeting=meeting, deadline=deadline)
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, start=start, end=end) for start, end in options]
        )
        bump(Q(pk=meeting.cluster_id))  # the meeting page counts the options (no signals)
        people = list(people)
        poll.people.set(people)
        for person in people:
            if not person.email:
                continue
            queue(
                "meetings/poll",
                person.email,
                {
                    "person": person,
                    "meeting": meeting,
                    "cluster": meeting.cluster,
                    "poll": poll,
                    "options": list(poll.options.all()),
                    "poll_url": poll_url(poll, person),
                },
                key=f"meetings.poll:{poll.pk}:{person.pk}",
                cluster=meeting.cluster,
                about=meeting,
            )
    return poll


@service
def answer_poll(poll: DatePoll, person: Person, values: dict[int, str], *, by) -> None:
    """The person's answers to the proposed times; `by` is the personal link."""
    with transaction.atomic():
        for option in poll.options.all():
            value = values.get(option.pk)
            if value:
                PollAnswer.objects.update_or_create(
                    option=option,
                    person=person,
                    defaults={"value": value, "answered_at": timezone.now()},
                )


def poll_grid(poll: DatePoll):
    """(options with counts, rows of (person, [answer per option]), people without an answer)."""
    options = list(poll.options.all())
    answers = defaultdict(dict)
    for answer in PollAnswer.objects.filter(option__poll=poll):
        answers[answer.person_id][answer.option_id] = answer.value
    people = list(poll.people.order_by("name"))
    rows, missing = [], []
    counts = {option.pk: {"yes": 0, "maybe": 0, "no": 0} for option in options}
    for person in people:
        mine = answers.get(person.pk, {})
        if not mine:
            missing.append(person)
        for option_id, value in mine.items():
            counts[option_id][value] += 1
        rows.append((person, [mine.get(option.pk, "") for option in options]))
    for option in options:
        option.counts = counts[option.pk]
    return options, rows, missing


@service
def choose_option(poll: DatePoll, option: PollOption, *, by) -> int:
    """Set the meeting's time to the chosen option, close the poll and tell everyone asked."""
    meeting = poll.meeting
    with transaction.atomic():
        meeting.start, meeting.end = option.start, option.end
        meeting.answer_deadline = None
        meeting.save()
        poll.chosen = option
        poll.closed_at = timezone.now()
        poll.save(update_fields=["chosen", "closed_at"])
        queued = 0
        day = timezone.localdate(option.start)
        for person in poll.people.filter(pk__in=Person.objects.members_of(meeting.cluster, day)):
            if not person.email:
                continue
            email = queue(
                "meetings/poll_chosen",
                person.email,
                {
                    "person": person,
                    "meeting": meeting,
                    "cluster": meeting.cluster,
                    "meeting_url": meeting_url(meeting),
                },
                key=f"meetings.poll_chosen:{poll.pk}:{person.pk}",
                cluster=meeting.cluster,
                about=meeting,
            )
            queued += email
    return queued
