"""Personal answer links, signed as the meetings' links are (klynge/meetings/tokens.py): bound to
one recipient, one person and one questionnaire; they never log anyone in."""

from django.core import signing

from klynge.meetings.tokens import MAX_AGE, BadLink

SALT = "klynge.surveys.answer"

__all__ = ["BadLink", "SALT", "answer_token", "read"]


def answer_token(recipient) -> str:
    return signing.dumps(
        {"r": recipient.pk, "p": recipient.person_id, "s": recipient.survey_id}, salt=SALT
    )


def read(token: str) -> dict:
    """The signed data, or `BadLink` ('tampered', 'expired' or 'foreign')."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadLink("expired") from exc
    except signing.BadSignature as exc:
        raise BadLink("tampered") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "rps"):
        raise BadLink("foreign")
    return data
