"""Which audiences need what, as plain values (no database, no clock)."""

from django.utils.translation import gettext_lazy as _

MEMBERS, NON_RESPONDERS, ATTENDEES, ABSENTEES, CLINIC = (
    "members",
    "non_responders",
    "attendees",
    "absentees",
    "clinic",
)
MEETING_AUDIENCES = frozenset({NON_RESPONDERS, ATTENDEES, ABSENTEES})
# Who came and who did not is known only once the meeting has begun.
AFTER_START = frozenset({ATTENDEES, ABSENTEES})
# Attachments and long letters belong elsewhere; a message is a short letter.
BODY_MAX = 5000

NEEDS_MEETING = _("Vælg mødet.")
NEEDS_CLINIC = _("Vælg klinikken.")
NOT_CALLED = _("Mødet er ikke indkaldt, så der er ingen, der mangler at svare.")
NOT_STARTED = _("Mødet er ikke begyndt endnu, så fremmødet kendes ikke.")


def refusal(audience: str, meeting_status: str | None, started: bool, has_clinic: bool):
    """Why a message to `audience` cannot be sent (a Danish reason and the field it is about),
    or None. `meeting_status` is None when no meeting was chosen."""
    if audience in MEETING_AUDIENCES and meeting_status is None:
        return "meeting", NEEDS_MEETING
    if audience == CLINIC and not has_clinic:
        return "clinic", NEEDS_CLINIC
    if audience == NON_RESPONDERS and meeting_status != "called":
        return "meeting", NOT_CALLED
    if audience in AFTER_START and not started:
        return "meeting", NOT_STARTED
    return None
