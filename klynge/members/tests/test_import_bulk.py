"""The import writes in bulk: every row's history names the importer and the reason, as the
one-at-a-time services did, and the number of queries does not grow with the file."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.members import importer
from klynge.members.models import MembershipEvent

HEADER = "ydernummer;klinik;adresse;postnr;by;navn;rolle;email;telefon;fra"
REASON = "Import af medlemmer.csv"


def parse(lines):
    return importer.parse("medlemmer.csv", "\n".join([HEADER, *lines]).encode())


def history_of(obj):
    return list(
        obj.history.values_list(
            "history_type", "history_actor", "history_user_id", "history_change_reason"
        )
    )


def test_bulk_import_writes_each_kind_with_its_history_actor_and_reason(world):
    user = world.users["coordinator"]
    old = Clinic.objects.create(ydernummer="400001", name="Gamle Klinik", kind="general")
    ClusterMembership.objects.create(
        cluster=world.cluster_a, clinic=old, joined=date(2020, 1, 1), left=date(2021, 1, 1)
    )
    member2 = world.people["member2"]
    lines = [
        "400000;Nye Lægehus;Nygade 1;4000;Roskilde;Nina Ny;ejerlæge;nina@example.dk;;01.03.2024",
        "400000;Nye Lægehus;;;;Uden Mail;øvrigt personale;;;",
        "400001;;;;;Nina Ny;ansat læge;NINA@example.dk;;",
        f"{world.clinic_a2.ydernummer};;Andengade 2;;;Morten;ejerlæge;{member2.email};;",
    ]
    result = importer.apply(world.cluster_a, parse(lines), by=user, reason=REASON)
    assert result.ok, result.errors

    stamp = (user.email, user.pk, REASON)
    new = Clinic.objects.get(ydernummer="400000")
    assert (new.name, new.address, new.region_id) == ("Nye Lægehus", "Nygade 1", world.region.pk)
    assert history_of(new) == [("+", *stamp)]
    nina = Person.objects.get(email="nina@example.dk")
    assert history_of(nina) == [("+", *stamp)]
    assert set(nina.affiliations.values_list("clinic__ydernummer", "role", "start")) == {
        ("400000", "owner", date(2024, 3, 1)),
        ("400001", "employed", result.rows[2].start or date.today()),
    }
    for affiliation in nina.affiliations.all():
        assert history_of(affiliation) == [("+", *stamp)]
    assert Person.objects.get(name="Uden Mail").affiliations.get().clinic == new

    world.clinic_a2.refresh_from_db()
    assert world.clinic_a2.address == "Andengade 2"
    assert history_of(world.clinic_a2)[0] == ("~", *stamp)
    changed = member2.affiliations.get(clinic=world.clinic_a2)
    assert changed.role == "owner"
    assert history_of(changed)[0] == ("~", *stamp)

    events = {
        e.membership.clinic.ydernummer: (e.kind, e.by_id, e.by_label, e.note)
        for e in MembershipEvent.objects.filter(membership__cluster=world.cluster_a)
    }
    assert events == {
        "400000": (MembershipEvent.Kind.JOINED, user.pk, user.email, REASON),
        "400001": (MembershipEvent.Kind.REJOINED, user.pk, user.email, REASON),
    }
    for number in ("400000", "400001"):
        membership = world.cluster_a.memberships.get(clinic__ydernummer=number, left=None)
        assert history_of(membership) == [("+", *stamp)]


def rows(first: int, count: int) -> list[str]:
    return [
        f"{first + i // 4};Klinik {first + i // 4};;;;Person {first}-{i};ejerlæge;"
        f"p{first}.{i}@example.dk;;"
        for i in range(count)
    ]


def test_bulk_import_makes_as_many_queries_for_8_rows_as_for_80(world):
    user = world.users["coordinator"]
    counted = []
    for first, count in ((500000, 8), (600000, 80)):
        with CaptureQueriesContext(connection) as queries:
            result = importer.apply(world.cluster_a, parse(rows(first, count)), by=user)
        assert result.ok, result.errors
        counted.append(len(queries))
    assert counted[0] == counted[1]
    assert ClinicAffiliation.objects.filter(clinic__ydernummer__gte="600000").count() == 80
    assert Person.history.filter(history_actor=user.email).count() == 88
