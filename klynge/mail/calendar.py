"""Meeting requests that calendar programs understand (RFC 6047, iMIP).

An invitation carries its calendar file (`text/calendar; method=REQUEST`) as an attachment. Outlook
desktop shows such a mail as a meeting request only when the calendar is also a part of the
mail's body: so, when the mail is sent, the same calendar is added as the last part of the
`multipart/alternative` body (after the text and the HTML), with its method. Gmail and Apple Mail
read either. The attachment stays for programs that only offer files.
"""

from email.message import EmailMessage as MIMEMessage

from django.core.mail import EmailMessage

CALENDAR = "text/calendar"


def calendar_attachment(message: EmailMessage) -> tuple[str, str] | None:
    """(calendar text, method) of the mail's calendar file, if it has one with a method."""
    for attachment in message.attachments:
        if isinstance(attachment, tuple) and (attachment[2] or "").startswith(CALENDAR):
            params = dict(
                part.strip().split("=", 1) for part in attachment[2].split(";")[1:] if "=" in part
            )
            method = params.get("method", "").upper()
            content = attachment[1]
            if isinstance(content, bytes):
                content = content.decode("utf-8")
            if method:
                return content, method
    return None


def add_inline(mime: MIMEMessage, calendar: str, method: str) -> MIMEMessage:
    """Add the calendar as an alternative of the body (the last, the richest)."""
    alternative = next(
        (part for part in mime.walk() if part.get_content_type() == "multipart/alternative"), None
    )
    if alternative is None:
        return mime
    part = MIMEMessage()
    part.set_content(calendar, subtype="calendar", charset="utf-8", params={"method": method})
    alternative.attach(part)
    return mime


def inline_calendar(message: EmailMessage) -> EmailMessage:
    """The mail as it is sent: with its calendar file also inline (see the module docstring)."""
    found = calendar_attachment(message)
    if found is None:
        return message
    build = message.message

    def with_calendar(*args, **kwargs):
        return add_inline(build(*args, **kwargs), *found)

    message.message = with_calendar  # type: ignore[method-assign]
    return message
