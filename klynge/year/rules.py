"""Pure rules of the year: no database, no request; the services and views ask them."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


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
