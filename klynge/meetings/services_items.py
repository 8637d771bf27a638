"""The meeting, its agenda items, materials, decisions, follow-ups and minutes, as written on
the meeting's pages: each change is one service with its actor (the meeting and its follow-ups
are in the history)."""

from django.db.models import Max

from klynge.clusters.audit import Actor, service
from klynge.lib import files
from klynge.meetings.models import Action, AgendaItem, Decision, Material, Meeting
from klynge.meetings.services import meeting_changed


@service
def change_meeting(meeting: Meeting, calendar_changed: bool, *, by) -> int | None:
    """Save the meeting edited in its form (`meeting` not yet saved). When the time or place of a
    called meeting changed, everyone invited gets an updated calendar invitation: the number
    queued is returned (None when nobody is told)."""
    meeting.save()
    if calendar_changed and meeting.status == Meeting.Status.CALLED:
        return meeting_changed(meeting, by=by)
    return None


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
def move_agenda_item(meeting: Meeting, item_pk: int, up: bool, *, by) -> bool:
    """Swap the item with its neighbour above (`up`) or below; the follow-up item stays first.
    False when the item is not on this agenda."""
    items = list(meeting.agenda.select_for_update())
    index = next((i for i, it in enumerate(items) if it.pk == item_pk), None)
    if index is None:
        return False
    other = index - 1 if up else index + 1
    if 0 <= other < len(items) and not items[other].is_followup and not items[index].is_followup:
        items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return True


@service
def delete_agenda_item(item: AgendaItem, *, by) -> None:
    item.delete()


@service
def add_material(meeting: Meeting, upload, *, kind, label: str, item=None, by) -> Material:
    """Store an uploaded file (checked by `MaterialForm`, `kind` its file kind) on the meeting;
    `by` is the user who uploaded it."""
    material = Material(
        meeting=meeting,
        item=item,
        label=label or upload.name,
        mime=kind.mime,
        size=upload.size,
        uploaded_by=Actor.of(by).user,
    )
    material.file.save(
        files.server_name(f"meetings/{meeting.cluster_id}", kind), upload, save=False
    )
    material.save()
    return material


@service
def delete_material(material: Material, *, by) -> None:
    material.file.delete(save=False)
    material.delete()


@service
def save_minutes(meeting: Meeting, summary: str, item_minutes: dict, *, by) -> None:
    """The meeting's general minutes and each agenda item's (`item_minutes`: item -> text)."""
    meeting.minutes_summary = summary
    meeting.save(update_fields=["minutes_summary"])
    for item, text in item_minutes.items():
        item.minutes = text
        item.save(update_fields=["minutes"])


@service
def add_decision(meeting: Meeting, text: str, *, by) -> Decision:
    return Decision.objects.create(meeting=meeting, text=text)


@service
def change_decision(decision: Decision, text: str, *, by) -> Decision:
    decision.text = text
    decision.save(update_fields=["text"])
    return decision


@service
def delete_decision(decision: Decision, *, by) -> None:
    decision.delete()


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
