"""Agenda items, decisions and follow-ups written on the meeting page: each change is one
service with its actor (follow-ups are in the history)."""

from django.db.models import Max

from klynge.clusters.audit import service
from klynge.meetings.models import Action, AgendaItem, Decision, Meeting


@service
def add_agenda_item(meeting: Meeting, item: AgendaItem, *, by) -> AgendaItem:
    """Put `item` (unsaved, from the form) last on the meeting's agenda."""
    # One at a time per meeting, so two items added at once do not share a position.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    item.meeting = meeting
    item.position = (meeting.agenda.aggregate(top=Max("position"))["top"] or 0) + 1
    item.save()
    return item


@service
def change_agenda_item(item: AgendaItem, *, by) -> AgendaItem:
    """Save an agenda item edited on the meeting page (`item` from the form, not yet saved)."""
    item.save()
    return item


@service
def add_decision(meeting: Meeting, text: str, *, by) -> Decision:
    return Decision.objects.create(meeting=meeting, text=text)


@service
def change_decision(decision: Decision, text: str, *, by) -> Decision:
    decision.text = text
    decision.save(update_fields=["text"])
    return decision


@service
def add_action(meeting: Meeting, fields: dict, *, by) -> Action:
    """A follow-up agreed at the meeting (`fields`: text, due, owner from `ActionForm`)."""
    return Action.objects.create(cluster=meeting.cluster, meeting=meeting, **fields)


@service
def change_action(action: Action, fields: dict, *, by) -> Action:
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    return action
