"""The meetings' inputs to derived data (klynge/clusters/derived.py): the wheel's meeting
deadlines read the meetings and whether the invited have answered; the meeting page
(klynge/meetings/page.py) reads the agenda, its materials, the decisions and follow-ups (the
cluster's open ones too) and the date poll with its options."""

from django.db.models import Q

from klynge.clusters.derived import own, through, watch
from klynge.clusters.models import Person
from klynge.meetings.models import (
    Action,
    AgendaItem,
    DatePoll,
    Decision,
    Invitation,
    Material,
    Meeting,
    PollOption,
)


def watch_inputs() -> None:
    watch(Meeting)
    for model in (Invitation, AgendaItem, Material, Decision, DatePoll):
        watch(model, through(Meeting, "meeting_id"))
    watch(Action, own)
    watch(PollOption, lambda option: Q(meetings__poll__pk=option.poll_id))
    watch(Person, named, referenced=True)


def named(person) -> Q:
    """The clusters whose meeting pages name the person (the core adds where they work)."""
    items = AgendaItem.objects.filter(responsible_id=person.pk).values("meeting__cluster_id")
    actions = Action.objects.filter(owner_person_id=person.pk).values("cluster_id")
    return Q(pk__in=items) | Q(pk__in=actions)
