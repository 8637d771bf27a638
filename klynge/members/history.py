"""The change log of a clinic's people, shown with the core's history renderer."""

from klynge.clusters.history import Source, history_rows
from klynge.clusters.models import ClinicAffiliation, Person

PERSON_FIELDS = ["name", "email", "phone", "share_contact"]
AFFILIATION_FIELDS = ["role", "start", "end"]


def clinic_changes(clinic, limit=60, people=()):
    """Changes to the clinic's affiliations and to the people in them, newest first.

    Two queries: affiliation history, person history; a third for the names of people not
    among `people` (the caller's, already loaded: those of the clinic's affiliations).
    """
    affiliation_records = list(
        ClinicAffiliation.history.filter(clinic_id=clinic.pk).select_related("history_user")
    )
    person_ids = {record.person_id for record in affiliation_records}
    names = {person.pk: person.name for person in people if person.pk in person_ids}
    if missing := person_ids - names.keys():
        names.update(Person.objects.filter(pk__in=missing).values_list("pk", "name"))
    person_records = Person.history.filter(id__in=person_ids).select_related("history_user")
    return history_rows(
        Source(
            ClinicAffiliation,
            affiliation_records,
            AFFILIATION_FIELDS,
            lambda record: names.get(record.person_id, "?"),
        ),
        Source(Person, person_records, PERSON_FIELDS, lambda record: record.name),
        limit=limit,
    )
