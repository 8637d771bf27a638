"""The change log of a clinic's people, read from django-simple-history: who, when, before/after."""

from klynge.clusters.models import ClinicAffiliation, Person

PERSON_FIELDS = ["name", "email", "phone", "share_contact"]
AFFILIATION_FIELDS = ["role", "start", "end"]


def _display(model, field, value):
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(field)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        from django.utils.translation import gettext as _

        return _("ja") if value else _("nej")
    return str(value)


def _changes(model, records, fields, label_of, limit):
    """Turn historical records (oldest first) into rows with the fields that changed."""
    previous = {}
    rows = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        for field in fields:
            new = getattr(record, field)
            old = getattr(before, field) if before is not None else None
            if before is None and record.history_type == "+":
                if new not in (None, "", False):
                    changes.append(
                        (
                            model._meta.get_field(field).verbose_name,
                            "–",
                            _display(model, field, new),
                        )
                    )
            elif before is not None and old != new:
                changes.append(
                    (
                        model._meta.get_field(field).verbose_name,
                        _display(model, field, old),
                        _display(model, field, new),
                    )
                )
        previous[record.id] = record
        if changes or record.history_type == "-":
            rows.append(
                {
                    "at": record.history_date,
                    "by": record.history_user.email if record.history_user_id else "",
                    "reason": record.history_change_reason or "",
                    "what": label_of(record),
                    "kind": record.history_type,
                    "changes": changes,
                }
            )
    return rows


def clinic_changes(clinic, limit=60) -> list[dict]:
    """Changes to the clinic's affiliations and to the people in them, newest first.

    Three queries: affiliation history, person names, person history.
    """
    affiliation_records = list(
        ClinicAffiliation.history.filter(clinic_id=clinic.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    person_ids = {record.person_id for record in affiliation_records}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    person_records = list(
        Person.history.filter(id__in=person_ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    rows = _changes(
        ClinicAffiliation,
        affiliation_records,
        AFFILIATION_FIELDS,
        lambda r: names.get(r.person_id, "?"),
        limit,
    )
    rows += _changes(Person, person_records, PERSON_FIELDS, lambda r: r.name, limit)
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows[:limit]
