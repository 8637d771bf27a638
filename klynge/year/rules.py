"""Pure rules of the year: no database, no request; the services and views ask them."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klynge.lib.periods import in_force


def not_held_yet(start: datetime | None, now: datetime) -> str:
    """Why the general assembly cannot be recorded as held yet ("" when it can): the minutes,
    posts and rules it decides take effect only once it has started."""
    if start is None:
        return _("Generalforsamlingen har ingen dato endnu. Sæt datoen, før referatet godkendes.")
    if now >= start:
        return ""
    return _(
        "Generalforsamlingen er først %(when)s, så referatet kan ikke godkendes endnu, og "
        "valg og beslutninger træder ikke i kraft. Godkend referatet, når generalforsamlingen "
        "er holdt. Blev den holdt tidligere, så ret først datoen."
    ) % {"when": date_format(timezone.localtime(start), "DATETIME_FORMAT")}


class Duty(StrEnum):
    """The year's duties a rulebook may give a cluster (RulebookVersion's fields of these names)."""

    YEARLY_ASSEMBLY = "yearly_assembly"
    PACKAGE_CONSENT = "package_consent"
    COORDINATOR_MEETING = "coordinator_meeting"


def has_duty(versions: Iterable, on: date, duty: Duty) -> bool:
    """Does the rulebook in force on `on` give the cluster this duty? The seeds: a KiAP cluster is
    an association with a yearly general assembly, and data packages need the members' consent
    ahead of the meeting; eKVIS asks its coordinators to the yearly coordinator meeting. No
    rulebook in force that day: no duty. (An eKVIS cluster that records an assembly of its own
    still gets that assembly's deadlines, as its own rules say: they follow the recorded fact.)"""
    rulebook = in_force(versions, on)
    return rulebook is not None and bool(getattr(rulebook, duty.value))


def scheme_duties(specialist: bool, assembly_recorded: bool) -> dict[str, bool]:
    """Which of the year's duties a cluster of the scheme has (the seeds): a KiAP cluster is an
    association with a yearly general assembly and data packages needing members' consent 60
    days ahead; an eKVIS cluster has neither, unless it records an assembly of its own (then
    that assembly's deadlines follow, as its own rules say)."""
    return {
        "plan_assembly": not specialist,
        "assembly": assembly_recorded,
        "data_consent": not specialist,
        "coordinator_meeting": specialist,
    }


# The coordinator's to-do list on the dashboard: what is due within NOW_DAYS (or overdue) is for
# now, within SOON_DAYS soon, the rest of the window later.
NOW_DAYS = 14
SOON_DAYS = 60
NOW, SOON, LATER = "now", "soon", "later"


def todo_group(due: date, done: bool, today: date) -> str | None:
    """The to-do group of a wheel item due on `due`; None once it is done."""
    if done:
        return None
    if due <= today + timedelta(days=NOW_DAYS):
        return NOW
    if due <= today + timedelta(days=SOON_DAYS):
        return SOON
    return LATER
