"""The one way a page shows change history: who (the actor), when, why, and before → after.

Pages pass one or more `Source`s (a model, its historical records, the fields worth showing, and
how to name the object) to `history_rows`, and include "history/changes.html" with `rows`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from klynge.lib.money import kr
from klynge.lib.phrases import shown


@dataclass
class Source:
    model: type
    records: Iterable  # historical records, any order
    fields: list[str]
    label: Callable = str  # a historical record -> what it is about ("Anne Jensen")


@dataclass
class Row:
    at: datetime
    actor: str
    reason: str
    what: str
    kind: str  # "+" added, "~" changed, "-" deleted
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def show(model, name: str, value) -> str:
    """A stored value as a person reads it: choices by label, dates Danish, booleans ja/nej,
    amounts as kroner ("7.960,00 kr.")."""
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if hasattr(value, "strftime"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return kr(value)
    return str(value)


def actor_of(record) -> str:
    if record.history_actor:
        return record.history_actor
    return record.history_user.email if record.history_user_id else ""


def _rows(source: Source) -> list[Row]:
    ordered = sorted(source.records, key=lambda r: (r.history_date, r.history_id))
    previous: dict = {}
    rows = []
    for record in ordered:
        before = previous.get(record.id)
        changes = []
        for name in source.fields:
            new = getattr(record, name)
            old = getattr(before, name) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is None or old != new:
                label = str(source.model._meta.get_field(name).verbose_name)
                changes.append(
                    (label, show(source.model, name, old), show(source.model, name, new))
                )
        previous[record.id] = record
        if changes or record.history_type == "-" or record.history_change_reason:
            rows.append(
                Row(
                    at=record.history_date,
                    actor=actor_of(record),
                    reason=shown(record.history_change_reason or ""),
                    what=source.label(record),
                    kind=record.history_type,
                    changes=changes,
                )
            )
    return rows


def history_rows(*sources: Source, limit: int = 60) -> list[Row]:
    """The changes of every source, newest first. Fetch records with
    `.select_related("history_user")` so this makes no queries of its own."""
    rows = [row for source in sources for row in _rows(source)]
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:limit]
