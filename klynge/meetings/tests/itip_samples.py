"""Calendar answers (iTIP REPLY) as Outlook, Gmail and Apple Mail send them, written for the tests
from the shapes those programs use (RFC 6047 transport, each with its own habits):

- Outlook (Exchange): `multipart/alternative` with text, HTML and the calendar (base64,
  `method=REPLY`) as the last alternative; `MAILTO:` in capitals, a LANGUAGE on SUMMARY and
  COMMENT, Microsoft's X- properties and a VTIMEZONE; the subject "Accepteret: …".
- Gmail (Google Calendar): `multipart/mixed` holding an alternative (text, HTML, calendar) and the
  same calendar again as the attachment `invite.ics` (`application/ics`); X-NUM-GUESTS on the
  attendee; the subject "Accepted: … @ …".
- Apple Mail (iCloud): `multipart/mixed` with a short text and the calendar as an attachment
  (quoted-printable, `method=REPLY`), an EMAIL parameter on the attendee; the subject is the
  event's title with a status word.
"""

import base64
import hashlib
import quopri

OUTLOOK_ICS = """BEGIN:VCALENDAR\r
METHOD:REPLY\r
PRODID:Microsoft Exchange Server 2010\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:Romance Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
ATTENDEE;PARTSTAT={partstat};CN={name}:MAILTO:{attendee}\r
COMMENT;LANGUAGE=da-DK:{comment}\r
SUMMARY;LANGUAGE=da-DK:{word}: {title}\r
DTSTART;TZID=Romance Standard Time:20261210T160000\r
DTEND;TZID=Romance Standard Time:20261210T190000\r
UID:{uid}\r
CLASS:PUBLIC\r
PRIORITY:5\r
DTSTAMP:20261128T091500Z\r
TRANSP:OPAQUE\r
STATUS:CONFIRMED\r
SEQUENCE:{sequence}\r
LOCATION;LANGUAGE=da-DK:Roskilde Kongres\r
X-MICROSOFT-CDO-APPT-SEQUENCE:{sequence}\r
X-MICROSOFT-CDO-OWNERAPPTID:-1\r
X-MICROSOFT-CDO-REPLYTIME:20261128T091500Z\r
X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY\r
X-MICROSOFT-DISALLOW-COUNTER:FALSE\r
END:VEVENT\r
END:VCALENDAR\r
"""

GOOGLE_ICS = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
CALSCALE:GREGORIAN\r
METHOD:REPLY\r
BEGIN:VEVENT\r
DTSTART:20261210T150000Z\r
DTEND:20261210T180000Z\r
DTSTAMP:20261128T091500Z\r
ORGANIZER;CN=Klynge:mailto:svar@klynge.example.dk\r
UID:{uid}\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={name};X-NUM-GUESTS=0:mailto:{attendee}\r
COMMENT:{comment}\r
CREATED:20261120T100000Z\r
LAST-MODIFIED:20261128T091500Z\r
LOCATION:Roskilde Kongres\r
SEQUENCE:{sequence}\r
STATUS:CONFIRMED\r
SUMMARY:{title}\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""

APPLE_ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Apple Inc.//macOS 15.1//EN\r
METHOD:REPLY\r
CALSCALE:GREGORIAN\r
BEGIN:VEVENT\r
ATTENDEE;CN={name};CUTYPE=INDIVIDUAL;EMAIL={attendee};PARTSTAT={partstat}:mailto:{attendee}\r
DTEND:20261210T180000Z\r
DTSTAMP:20261128T091500Z\r
DTSTART:20261210T150000Z\r
LAST-MODIFIED:20261128T091500Z\r
ORGANIZER;CN=Klynge;EMAIL=svar@klynge.example.dk:mailto:svar@klynge.example.dk\r
REQUEST-STATUS:2.0;Success\r
SEQUENCE:{sequence}\r
SUMMARY:{title}\r
UID:{uid}\r
X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC\r
END:VEVENT\r
END:VCALENDAR\r
"""

WORDS = {"ACCEPTED": "Accepteret", "DECLINED": "Afvist", "TENTATIVE": "Foreløbig"}


def _fields(uid, attendee, partstat, name, title, comment, sequence):
    return {
        "uid": uid,
        "attendee": attendee,
        "partstat": partstat,
        "name": name,
        "title": title.replace(",", "\\,").replace(";", "\\;"),
        "comment": comment.replace(",", "\\,").replace(";", "\\;"),
        "sequence": sequence,
        "word": WORDS.get(partstat, partstat),
    }


def _id(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _b64(text: str) -> str:
    return base64.encodebytes(text.encode()).decode()


def outlook(
    uid,
    attendee,
    partstat,
    name="Anne Hansen",
    title="Klyngemøde",
    comment="",
    sequence=0,
    sender=None,
) -> bytes:
    ics = OUTLOOK_ICS.format(**_fields(uid, attendee, partstat, name, title, comment, sequence))
    word = WORDS.get(partstat, partstat)
    return f"""From: {name} <{sender or attendee}>\r
To: Klynge <svar@klynge.example.dk>\r
Subject: {word}: {title}\r
Thread-Topic: {title}\r
Date: Sat, 28 Nov 2026 09:15:00 +0000\r
Message-ID: <DB9PR0{_id(uid, attendee, partstat)}@EUR01.prod.outlook.com>\r
Content-Language: da-DK\r
X-MS-Has-Attach:\r
X-MS-TNEF-Correlator:\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary="_000_outlook_"\r
\r
--_000_outlook_\r
Content-Type: text/plain; charset="utf-8"\r
Content-Transfer-Encoding: base64\r
\r
{_b64(comment or word)}\r
--_000_outlook_\r
Content-Type: text/html; charset="utf-8"\r
Content-Transfer-Encoding: base64\r
\r
{_b64("<html><body><p>" + (comment or word) + "</p></body></html>")}\r
--_000_outlook_\r
Content-Type: text/calendar; charset="utf-8"; method=REPLY\r
Content-Transfer-Encoding: base64\r
\r
{_b64(ics)}\r
--_000_outlook_--\r
""".encode()


def google(
    uid,
    attendee,
    partstat,
    name="Anne Hansen",
    title="Klyngemøde",
    comment="",
    sequence=0,
    sender=None,
) -> bytes:
    ics = GOOGLE_ICS.format(**_fields(uid, attendee, partstat, name, title, comment, sequence))
    word = {"ACCEPTED": "Accepted", "DECLINED": "Declined"}.get(partstat, "Tentatively accepted")
    return f"""MIME-Version: 1.0\r
Date: Sat, 28 Nov 2026 10:15:00 +0100\r
Message-ID: <calendar-{_id(uid, attendee)}@google.com>\r
Subject: {word}: {title} @ Thu 10 Dec 2026 16:00 - 19:00 (CET) (svar@klynge.example.dk)\r
From: {name} <{sender or attendee}>\r
To: svar@klynge.example.dk\r
Content-Type: multipart/mixed; boundary="000000000000google"\r
\r
--000000000000google\r
Content-Type: multipart/alternative; boundary="000000000000googlealt"\r
\r
--000000000000googlealt\r
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes\r
\r
{name} has {word.lower()} this invitation.\r
--000000000000googlealt\r
Content-Type: text/html; charset="UTF-8"\r
\r
<p>{name} has {word.lower()} this invitation.</p>\r
--000000000000googlealt\r
Content-Type: text/calendar; charset="UTF-8"; method=REPLY\r
Content-Transfer-Encoding: 7bit\r
\r
{ics}\r
--000000000000googlealt--\r
--000000000000google\r
Content-Type: application/ics; name="invite.ics"\r
Content-Disposition: attachment; filename="invite.ics"\r
Content-Transfer-Encoding: base64\r
\r
{_b64(ics)}\r
--000000000000google--\r
""".encode()


def apple(
    uid,
    attendee,
    partstat,
    name="Anne Hansen",
    title="Klyngemøde",
    comment="",
    sequence=0,
    sender=None,
) -> bytes:
    ics = APPLE_ICS.format(**_fields(uid, attendee, partstat, name, title, comment, sequence))
    quoted = quopri.encodestring(ics.encode()).decode()
    return f"""From: {name} <{sender or attendee}>\r
Content-Type: multipart/mixed; boundary="Apple-Mail=_A1B2C3"\r
Mime-Version: 1.0 (Mac OS X Mail 16.0)\r
Subject: {title}\r
Date: Sat, 28 Nov 2026 10:15:00 +0100\r
Message-Id: <{_id(uid, attendee)}@icloud.com>\r
To: svar@klynge.example.dk\r
\r
--Apple-Mail=_A1B2C3\r
Content-Transfer-Encoding: 7bit\r
Content-Type: text/plain; charset=us-ascii\r
\r
\r
--Apple-Mail=_A1B2C3\r
Content-Disposition: attachment; filename=iCal-20261128-101500.ics\r
Content-Type: text/calendar; method=REPLY; name="iCal-20261128-101500.ics"; charset=utf-8\r
Content-Transfer-Encoding: quoted-printable\r
\r
{quoted}\r
--Apple-Mail=_A1B2C3--\r
""".encode()


def plain_reply(sender, subject, text, name="Anne Hansen", in_reply_to="", headers="") -> bytes:
    """A person pressing "Reply" on the meeting in their calendar (or on the invitation)."""
    refs = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return f"""From: {name} <{sender}>\r
To: Klynge <svar@klynge.example.dk>\r
Subject: {subject}\r
Date: Sat, 28 Nov 2026 10:15:00 +0100\r
Message-ID: <plain-{_id(sender, subject, text)}@example.dk>\r
{refs}{headers}MIME-Version: 1.0\r
Content-Type: text/plain; charset="utf-8"\r
Content-Transfer-Encoding: 8bit\r
\r
{text}\r
""".encode()
