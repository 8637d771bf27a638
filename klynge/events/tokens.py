"""Personal answer links for scheme events: the meetings app's signed tokens (`meetings.tokens`),
bound to one invitation, one person and one event, under a salt of their own (a meeting's link
does not open an event's page, nor the other way round)."""

from django.core import signing

from klynge.meetings import tokens

SALT = "klynge.events.answer"
BadLink = tokens.BadLink


def answer_token(invitation) -> str:
    return signing.dumps(
        {"i": invitation.pk, "p": invitation.person_id, "m": invitation.event_id}, salt=SALT
    )


def read(token: str, event_id: int) -> dict:
    """The token's data, or `BadLink` ('tampered', 'expired' or 'foreign')."""
    return tokens.read(token, SALT, event_id)
