"""The calendar file of a scheme event, built with the meetings app's calendar helpers: one UID
for life, SEQUENCE raised on every change sent out, only the recipient as attendee, and Klynge's
reply mailbox as ORGANIZER with the secretariat's name."""

from django.conf import settings
from django.utils import timezone
from icalendar import Event

from klynge.meetings import ics


def event_ics(invitation, url: str, method: str = "REQUEST") -> bytes:
    event = invitation.event
    item = Event()
    item.add("uid", f"{event.uid}@klynge")
    item.add("dtstamp", timezone.now())
    start, end = ics.span(event)
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("sequence", event.sequence)
    item.add("summary", f"{event.title} – {event.scheme.name}")
    if event.location:
        item.add("location", event.location)
    item.add("description", "\n\n".join(part for part in (event.programme, url) if part))
    item.add("url", url)
    item.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    item.add("organizer", ics._address(settings.KLYNGE_REPLY_EMAIL, event.scheme.name))
    person = invitation.person
    if person.email:
        item.add(
            "attendee",
            ics._address(
                person.email,
                person.name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT=ics.PARTSTAT.get(invitation.answer, "NEEDS-ACTION"),
                RSVP="TRUE",
            ),
        )
    calendar = ics._calendar(method)
    calendar.add_component(item)
    return ics.serialize(calendar)
