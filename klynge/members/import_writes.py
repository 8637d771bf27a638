"""Writing a checked import (`importer.apply`) in bulk: one insert per kind of row, not ~15 queries
per row through the one-at-a-time services.

The rows are walked in file order exactly as the services would take them one by one (a clinic
made by row 3 is found by row 4, a person made in one clinic is matched by e-mail in the next);
what that walk decides is then written with one `bulk_create` per model, each with its history
rows naming the import's actor and reason (`audit.bulk_create_with_history`). A clinic named in
several rows gets the last non-empty value of each field, saved once.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from klynge.clusters.audit import Actor, bulk_create_with_history, bulk_update_with_history, current
from klynge.clusters.derived import bump
from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.members.models import MembershipEvent

CLINIC_FIELDS = {"klinik": "name", "adresse": "address", "postnr": "postcode", "by": "city"}


@dataclass
class Writes:
    """What the rows add and change, collected before anything is written."""

    clinics: dict = field(default_factory=dict)  # ydernummer -> Clinic (found or new)
    new_clinics: list = field(default_factory=list)
    changed_clinics: dict = field(default_factory=dict)  # pk -> Clinic
    joined: list = field(default_factory=list)  # (clinic, rejoined)
    people: dict = field(default_factory=dict)  # lower e-mail -> Person (found or new)
    new_people: list = field(default_factory=list)
    affiliations: dict = field(default_factory=dict)  # as Known.affiliations, plus the new ones
    new_affiliations: list = field(default_factory=list)
    changed_roles: dict = field(default_factory=dict)  # pk -> ClinicAffiliation


def write(cluster, rows: list, known, *, note: str) -> None:
    """Apply the plan's valid rows (`importer.plan` made `known`); inside the import's service."""
    today = timezone.localdate()
    writes = Writes(
        clinics=dict(known.clinics),
        people=dict(known.people_by_email),
        affiliations=dict(known.affiliations),
    )
    been_here = set(
        ClusterMembership.objects.filter(
            cluster=cluster, clinic__ydernummer__in=list(writes.clinics)
        ).values_list("clinic__ydernummer", flat=True)
    )
    for row in rows:
        if "unchanged" in row.action_codes:
            continue
        clinic = take_clinic(cluster, row, writes)
        if "membership" in row.action_codes:
            writes.joined.append((clinic, row.ydernummer in been_here))
        take_person(row, clinic, writes, today)
    save(cluster, writes, today, note)


def take_clinic(cluster, row, writes: Writes) -> Clinic:
    """`services.add_clinic`: the clinic by ydernummer, made if new, with the row's values."""
    clinic = writes.clinics.get(row.ydernummer)
    if clinic is None:
        clinic = Clinic(
            ydernummer=row.ydernummer,
            region=cluster.region,
            kind=Clinic.Kind.SPECIALIST if cluster.scheme.is_specialist else Clinic.Kind.GENERAL,
            specialty=cluster.specialty,
        )
        writes.clinics[row.ydernummer] = clinic
        writes.new_clinics.append(clinic)
    for key, name in CLINIC_FIELDS.items():
        value = row.values[key]
        if value not in (None, "") and getattr(clinic, name) != value:
            setattr(clinic, name, value)
            if clinic.pk is not None:
                writes.changed_clinics[clinic.pk] = clinic
    return clinic


def take_person(row, clinic: Clinic, writes: Writes, today) -> None:
    """`importer.apply_row` and `services.add_person`: match on e-mail (or on the name within the
    clinic when there is none); a new affiliation, or the role changed."""
    v = row.values
    email = v["email"].lower()
    person = writes.people.get(email) if email else None
    if person is not None:
        affiliation = writes.affiliations.get((row.ydernummer, id(person)))
        if affiliation is None and person.pk is not None:
            affiliation = writes.affiliations.get((row.ydernummer, person.pk))
    elif not email:
        affiliation = writes.affiliations.get((row.ydernummer, "name", v["navn"].lower()))
    else:
        affiliation = None
    if affiliation is not None:
        if affiliation.role != row.role:
            affiliation.role = row.role
            if affiliation.pk is not None:
                writes.changed_roles[affiliation.pk] = affiliation
        return
    if person is None:
        person = Person(name=v["navn"], email=v["email"], phone=v["telefon"])
        writes.new_people.append(person)
        if email:
            writes.people[email] = person
    affiliation = ClinicAffiliation(
        person=person, clinic=clinic, role=row.role, start=row.start or today
    )
    writes.new_affiliations.append(affiliation)
    writes.affiliations[(row.ydernummer, id(person))] = affiliation
    writes.affiliations.setdefault((row.ydernummer, "name", person.name.lower()), affiliation)


def save(cluster, writes: Writes, today, note: str) -> None:
    """One insert (and one of history rows) per kind; the new rows' keys come back from the
    database (PostgreSQL and SQLite both return them from a bulk insert)."""
    bulk_create_with_history(writes.new_clinics, Clinic)
    if writes.changed_clinics:
        fields = list(CLINIC_FIELDS.values())
        bulk_update_with_history(list(writes.changed_clinics.values()), Clinic, fields)
    bulk_create_with_history(writes.new_people, Person)
    memberships = [
        ClusterMembership(cluster=cluster, clinic=clinic, joined=today)
        for clinic, _rejoined in writes.joined
    ]
    bulk_create_with_history(memberships, ClusterMembership)
    actor = current()[0] if current() else Actor.of(None)
    MembershipEvent.objects.bulk_create(
        MembershipEvent(
            membership=membership,
            kind=MembershipEvent.Kind.REJOINED if rejoined else MembershipEvent.Kind.JOINED,
            on=today,
            by=actor.user,
            by_label=actor.label,
            note=note,
        )
        for membership, (_clinic, rejoined) in zip(memberships, writes.joined, strict=True)
    )
    if memberships:
        # The events are the clinic page's (watched, no signal in bulk): one UPDATE.
        bump(Q(pk=cluster.pk))
    # The new people's and clinics' keys came back from their inserts above; Django reads them
    # from the related objects when the affiliations are inserted.
    bulk_create_with_history(writes.new_affiliations, ClinicAffiliation)
    if writes.changed_roles:
        bulk_update_with_history(list(writes.changed_roles.values()), ClinicAffiliation, ["role"])
