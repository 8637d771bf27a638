"""Members demo data (idempotent): a clinic in doubt, a clinic that left with its notice sent, one
whose notice waits for the coordinator, data consents, and last year's January check."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.members import services
from klynge.members.models import DataConsent, JanuaryCheck, SelfServiceLink

Role = ClinicAffiliation.Role

LEAVERS = [
    # ydernummer, name, street, left days ago, reason, send the notice
    ("059011", "Lægerne Ringstedvej", "Ringstedvej 14", 75, ClusterMembership.Reason.LEFT, True),
    (
        "059029",
        "Lægehuset ved Domkirken",
        "Domkirkepladsen 3",
        6,
        ClusterMembership.Reason.LEFT,
        False,
    ),
]


def load(world, stdout):
    cluster = world.clusters.get("roskilde")
    if cluster is None:
        return
    today = timezone.localdate()
    coordinator = world.people.get("koordinator")
    user = coordinator.user if coordinator else None
    clinics = list(Clinic.objects.active_in(cluster, today).order_by("ydernummer"))
    load_leavers(cluster, today, user)
    load_doubt_and_link(cluster, clinics, today, user)
    load_consents(cluster, today, user)
    load_january_check(cluster, clinics, today, user)
    stdout.write("members: clinic in doubt, two clinics that left, consents, January check")


def load_leavers(cluster, today, user):
    for number, name, street, days, reason, send in LEAVERS:
        if cluster.memberships.filter(clinic__ydernummer=number).exists():
            continue
        clinic, membership, _created = services.add_clinic(
            cluster,
            number,
            {
                "name": name,
                "address": street,
                "postcode": "4000",
                "city": "Roskilde",
                "email": f"klinik{number}@example.dk",
            },
            by=user,
            joined=cluster.founded or date(2018, 6, 1),
        )
        services.add_person(
            clinic,
            {"name": f"Ejerlæge {name.split()[-1]}", "email": f"ejer{number}@example.dk"},
            Role.OWNER,
            cluster.founded or date(2018, 6, 1),
            by=user,
        )
        notice = services.end_membership(
            membership,
            today - timedelta(days=days),
            reason,
            "Klinikken har meddelt, at den melder sig ud af klyngen.",
            by=user,
        )
        if send and notice is not None:
            services.send_notice(notice, notice.subject, notice.body, by=user)


def load_doubt_and_link(cluster, clinics, today, user):
    if len(clinics) > 4:
        doubtful = cluster.memberships.get(clinic=clinics[4], left__isnull=True)
        if doubtful.status == ClusterMembership.Status.ACTIVE and not doubtful.events.exists():
            services.mark_in_doubt(
                doubtful,
                "Ydernummeret står ikke længere på KiAP's liste. Er klinikken solgt?",
                today + timedelta(days=14),
                by=user,
            )

    if len(clinics) > 2 and not SelfServiceLink.objects.filter(cluster=cluster).exists():
        services.create_self_service_link(cluster, clinics[2], clinics[2].email, by=user)


def load_consents(cluster, today, user):
    members = list(Person.objects.members_of(cluster, today).order_by("pk"))
    for index, person in enumerate(members):
        if index % 5 == 3:
            continue  # some members have not consented yet
        DataConsent.objects.get_or_create(
            person=person,
            cluster=cluster,
            withdrawn_on=None,
            defaults={
                "given_on": date(today.year, 1, 15)
                if today.month > 1
                else date(today.year - 1, 1, 15),
                "note": "Underskrevet blanket",
                "recorded_by": user,
            },
        )


def load_january_check(cluster, clinics, today, user):
    last_year = today.year - 1
    if not JanuaryCheck.objects.filter(cluster=cluster, year=last_year).exists():
        snapshot = [
            row
            for row in services.registered_ydernumre(cluster, today)
            if row["ydernummer"] != (clinics[-1].ydernummer if clinics else "")
        ]
        snapshot += [
            {"ydernummer": number, "name": name, "status": "active"}
            for number, name, *_rest in LEAVERS
        ]
        for row in snapshot:
            row["status"] = "active"
        JanuaryCheck.objects.create(
            cluster=cluster,
            year=last_year,
            checked_at=timezone.make_aware(datetime(last_year, 1, 27, 10, 0)),
            checked_by=user,
            snapshot=sorted(snapshot, key=lambda row: row["ydernummer"]),
            note="Rettet hos KiAP: en ny klinik tilføjet.",
        )
