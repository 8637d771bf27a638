"""Personal links: signed tokens bound to one invitation (or poll) and one person.

They never log anyone in. A token is refused when its signature is wrong (a changed character),
when it is too old, or when it is used on another meeting than the one it was made for.
"""

from datetime import timedelta

from django.core import signing

ANSWER_SALT = "klynge.meetings.answer"
POLL_SALT = "klynge.meetings.poll"
# Long enough for any meeting planned within a year; the answer deadline governs changes.
MAX_AGE = timedelta(days=400)


class BadLink(Exception):
    """reason: 'tampered', 'expired' or 'foreign'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def answer_token(invitation) -> str:
    return signing.dumps(
        {"i": invitation.pk, "p": invitation.person_id, "m": invitation.meeting_id},
        salt=ANSWER_SALT,
    )


def poll_token(poll, person) -> str:
    return signing.dumps({"m": poll.meeting_id, "p": person.pk}, salt=POLL_SALT)


def read(token: str, salt: str, meeting_id: int) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadLink("expired") from exc
    except signing.BadSignature as exc:
        raise BadLink("tampered") from exc
    if not isinstance(data, dict) or data.get("m") != meeting_id:
        raise BadLink("foreign")
    return data
