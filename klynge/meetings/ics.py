"""Calendar files (iCalendar, RFC 5545) for invitations, cancellations and the personal feed.

A meeting keeps one UID for life; its SEQUENCE is raised on every change sent out, so calendar
programs replace the event instead of adding a second one.
"""

from datetime import timedelta
from email.utils import parseaddr
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from klynge.lib.memo import remembered
from klynge.mail.outbox import absolute

TZ = ZoneInfo("Europe/Copenhagen")
PRODID = "-//Klynge//Klyngemøder//DA"
DEFAULT_LENGTH = timedelta(hours=3)


def organizer_of(meeting) -> tuple[str, str]:
    """(name, e-mail) of the organizer: the meeting's chair, else the coordinator, else Klynge."""
    from klynge.clusters.models import Post

    chair = meeting.chair
    if chair is not None and chair.email:
        return chair.name, chair.email
    post = remembered(
        ("organizer", meeting.cluster_id),
        lambda: (
            Post.objects.active()
            .filter(cluster_id=meeting.cluster_id, kind=Post.Kind.COORDINATOR)
            .select_related("person")
            .first()
        ),
    )
    if post is not None and post.person.email:
        return post.person.name, post.person.email
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "Klynge", email


def location_of(meeting) -> str:
    if meeting.venue_type == meeting.VenueType.VIRTUAL:
        return meeting.virtual_link or str(_("Virtuelt møde"))
    return ", ".join(part for part in (meeting.venue, meeting.venue_address) if part)


def _address(email: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


PARTSTAT = {"yes": "ACCEPTED", "no": "DECLINED"}


def _local(value):
    """Copenhagen time, or UTC at the very edge of the calendar (year 9999) where it overflows."""
    try:
        return timezone.localtime(value, TZ)
    except OverflowError:
        return value


def span(meeting) -> tuple:
    """Start and end as written in the file: never fails, whatever year is stored."""
    start = _local(meeting.start)
    end = _local(meeting.end) if meeting.end else None
    if end is None or end < start:
        try:
            end = start + DEFAULT_LENGTH
        except OverflowError:
            end = start
    return start, end


def event_for(meeting, attendees=(), organizer=None, cancelled=False) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@klynge")
    event.add("dtstamp", timezone.now())
    start, end = span(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.title} – {meeting.cluster.name}")
    location = location_of(meeting)
    if location:
        event.add("location", location)
    with translation.override("da"):
        url = absolute(reverse("meetings:detail", args=[meeting.cluster.slug, meeting.pk]))
    description = "\n\n".join(part for part in (meeting.topic, url) if part)
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organizer is not None:
        event.add("organizer", _address(organizer[1], organizer[0]))
    for person, answer in attendees:
        if person.email:
            event.add(
                "attendee",
                _address(
                    person.email,
                    person.name,
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT=PARTSTAT.get(answer, "NEEDS-ACTION"),
                    RSVP="TRUE",
                ),
            )
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


@cache
def vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE of `tzid` as icalendar writes it (b"" for a zone it does not know): made once
    per process, because icalendar takes tens of milliseconds to work out the transitions."""
    try:
        return Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return b""


def serialize(calendar: Calendar) -> bytes:
    """`calendar.add_missing_timezones(); calendar.to_ical()`, the same bytes, with each time
    zone's VTIMEZONE made once per process. The zones come first among the components, where
    icalendar puts them (a component begins on a line of its own: text values never start one)."""
    zones = b"".join(vtimezone(tzid) for tzid in sorted(calendar.get_missing_tzids()))
    body = calendar.to_ical()
    if not zones:
        return body
    at = body.index(b"\r\nBEGIN:", body.index(b"\r\n")) + 2
    return body[:at] + zones + body[at:]


def invitation_ics(invitation, method: str = "REQUEST") -> bytes:
    """The calendar file for one invited person.

    Only the recipient is listed as attendee: the file goes to one person, and the other members'
    addresses are not theirs to see unless they chose to share them. The ORGANIZER is Klynge's
    reply mailbox with the chair's or coordinator's name, so a calendar's answer comes to Klynge.
    """
    meeting = invitation.meeting
    calendar = _calendar(method)
    calendar.add_component(
        event_for(
            meeting,
            attendees=[(invitation.person, invitation.answer)],
            organizer=(organizer_of(meeting)[0], settings.KLYNGE_REPLY_EMAIL),
            cancelled=method == "CANCEL",
        )
    )
    return serialize(calendar)


def meeting_ics(meeting) -> bytes:
    """A plain calendar file of one meeting (no attendees), to download from the meeting page."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(event_for(meeting, organizer=organizer_of(meeting)))
    return serialize(calendar)


def feed_ics(meetings, name: str) -> bytes:
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        if meeting.start is None:
            continue
        calendar.add_component(
            event_for(meeting, cancelled=meeting.status == meeting.Status.CANCELLED)
        )
    return serialize(calendar)
