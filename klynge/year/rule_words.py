"""A general assembly's change to the cluster's rules in words ("Antal møder om året: 4 → 5"), for
the minutes page, the minutes PDF and anything else a person reads: never a field name.
`change_lines` is pure; `decisions_in_words` looks up the rules in force before the assembly."""

from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.lib.money import kr

# Each rule a decision may change, in the words the minutes use.
RULE_LABELS = {
    "meetings_per_year": gettext_lazy("Antal møder om året"),
    "max_absences": gettext_lazy("Et medlem må højst udeblive fra antal møder"),
    "coordinator_honorarium": gettext_lazy("Koordinatorhonorar pr. år"),
    "board_honorarium": gettext_lazy("Honorar pr. bestyrelsesmedlem pr. år"),
    "minutes_required": gettext_lazy("Der skrives referat"),
}


def value_text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return kr(value)
    return str(value)


def change_lines(changes: dict, before) -> list[str]:
    """`changes` as decision.rule_changes() gives them; `before`: the rules in force until then.
    A rule without words here would show its field name: the tests hold RULE_LABELS complete."""
    lines = []
    for field, new in changes.items():
        label = RULE_LABELS.get(field, field)
        old = getattr(before, field, None) if before is not None else None
        if old is None or old == new:
            lines.append(_("%(rule)s: %(new)s") % {"rule": label, "new": value_text(new)})
        else:
            lines.append(
                _("%(rule)s: %(old)s → %(new)s")
                % {"rule": label, "old": value_text(old), "new": value_text(new)}
            )
    return lines


def rules_before(assembly):
    """The cluster's rules in force the day before the assembly (its own changes start on the
    day), or today's where the assembly has no date."""
    day = assembly.day
    return assembly.cluster.rules_on(day - timedelta(days=1) if day else None)


def decisions_in_words(assembly) -> list:
    """The assembly's decisions, each with `changes`: its rule changes in words."""
    decisions = list(assembly.decisions.all())
    before = rules_before(assembly) if any(d.rule_changes() for d in decisions) else None
    for decision in decisions:
        decision.changes = change_lines(decision.rule_changes(), before)
    return decisions
