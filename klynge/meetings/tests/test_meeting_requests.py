"""Meeting requests as calendar programs expect them (RFC 6047): read from the MIME that reaches a
real SMTP server on 127.0.0.1."""

from email import message_from_bytes, policy

from icalendar import Calendar

from klynge.mail.worker import send_outbox
from klynge.meetings import services
from klynge.meetings.tests.factories import make_meeting


def delivered(server, address):
    """The messages `address` received, parsed, oldest first."""
    return [
        message_from_bytes(envelope.content, policy=policy.default)
        for envelope in server.received
        if address in envelope.rcpt_tos
    ]


def shape(message) -> list[str]:
    """The MIME tree as 'depth:type' lines (the calendar's method in brackets)."""
    lines = []

    def walk(part, depth):
        kind = part.get_content_type()
        method = part.get_param("method")
        name = part.get_filename()
        label = f"{depth}:{kind}" + (f"[{method}]" if method else "") + (f" {name}" if name else "")
        lines.append(label)
        if part.is_multipart():
            for child in part.iter_parts():
                walk(child, depth + 1)

    walk(message, 0)
    return lines


def calendars(message) -> tuple[Calendar, Calendar]:
    """(the inline calendar of the body, the attached file)."""
    inline = attached = None
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = Calendar.from_ical(part.get_content())
            if part.get_filename():
                attached = calendar
            else:
                inline = calendar
    assert inline is not None and attached is not None
    return inline, attached


def test_invitation_update_and_cancel_are_meeting_requests(world, members, rules, smtp_server):
    server = smtp_server()
    member = world.people["member"]
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=world.users["coordinator"])
    services.meeting_changed(meeting, by=None)
    services.cancel(meeting, "Sygdom", by=None)
    assert send_outbox().sent == 3 * len(members)

    invitation, update, cancel = delivered(server, member.email)
    for message, method in ((invitation, "REQUEST"), (update, "REQUEST"), (cancel, "CANCEL")):
        assert shape(message) == [
            "0:multipart/mixed",
            "1:multipart/alternative",
            "2:text/plain",
            "2:text/html",
            f"2:text/calendar[{method}]",
            f"1:text/calendar[{method}] invitation.ics",
        ]
        inline, attached = calendars(message)
        assert inline.to_ical() == attached.to_ical()
        assert inline["METHOD"] == method

    events = [calendars(m)[0].walk("VEVENT")[0] for m in (invitation, update, cancel)]
    assert {str(e["UID"]) for e in events} == {f"{meeting.uid}@klynge"}, "one UID for life"
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    for event in events:
        organizer = event["ORGANIZER"]
        assert str(organizer) == "mailto:svar@klynge.example.dk", "answers come to Klynge"
        assert organizer.params["CN"] == world.people["coordinator"].name
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{member.email}"
        assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"


def test_a_mail_without_a_calendar_keeps_its_shape(world, members, rules, smtp_server):
    server = smtp_server()
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=world.users["coordinator"], send=False)
    services.send_materials(meeting, by=None)
    send_outbox()
    (message,) = delivered(server, world.people["member"].email)
    assert shape(message) == ["0:multipart/alternative", "1:text/plain", "1:text/html"]
