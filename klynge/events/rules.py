"""Scheme events as plain values: which external activity attendance records for the cluster,
and whether the invited may still answer. The time guard is the meetings app's (`has_started`)."""

from django.utils.translation import gettext_lazy as _

TOO_LATE = _("Arrangementet er begyndt, så der kan ikke inviteres flere.")
CLOSED = _("Der kan kun inviteres til et arrangement under planlægning eller allerede inviteret.")

COORDINATOR_MEETING = "coordinator_meeting"
# year.ExternalActivity.Kind values
EKVIS_MEETING, KIAP_EVENT, OTHER = "ekvis_meeting", "kiap_event", "other"


def activity_kind(specialist: bool, event_kind: str) -> str:
    """eKVIS' coordinator meeting is its own kind (the coordinator's wheel item asks for it);
    every KiAP event is "an event at KiAP"; other eKVIS events are "other"."""
    if not specialist:
        return KIAP_EVENT
    return EKVIS_MEETING if event_kind == COORDINATOR_MEETING else OTHER


def answer_open(status: str, deadline, start, now) -> bool:
    """May the invited still answer? While invited, until the deadline (or the start)."""
    if status != "called":
        return False
    limit = deadline or start
    return limit is None or now < limit
