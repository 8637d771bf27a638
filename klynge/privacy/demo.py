"""Privacy demo data (idempotent): look-ups of the eKVIS member's data for the access log, and a
member of Roskilde who left in 2019 and is pseudonymised by the retention rules."""

from datetime import date, timedelta

from django.utils import timezone

from klynge.clusters.audit import Actor
from klynge.clusters.models import AccessLog, Clinic, ClinicAffiliation, Person
from klynge.privacy import services
from klynge.privacy.models import Erasure

LOOK_UPS = [(40, "Medlemsliste"), (12, "Personside"), (3, "Fremmødeliste")]


def load(world, stdout):
    member, coordinator = world.people.get("ekvis.medlem"), world.people.get("ekvis.koordinator")
    cluster = world.clusters.get("oejenklyngen-nord")
    if member and coordinator and not AccessLog.objects.filter(subject=member).exists():
        now = timezone.now()
        AccessLog.objects.bulk_create(
            AccessLog(
                at=now - timedelta(days=days),
                actor=coordinator.user,
                actor_label=coordinator.user.email,
                action="view",
                subject=member,
                subject_label=member.name,
                cluster=cluster,
                purpose=purpose,
            )  # fmt: skip
            for days, purpose in LOOK_UPS
        )
    roskilde = world.clusters.get("roskilde")
    made = Person.objects.filter(email="tidligere.2019@example.dk").exists()
    if roskilde and not made and not Erasure.objects.exists():
        clinic = Clinic.objects.active_in(roskilde).order_by("ydernummer").last()
        person = Person.objects.create(name="Poul Tidligere", email="tidligere.2019@example.dk")
        ClinicAffiliation.objects.create(
            person=person, clinic=clinic, role=ClinicAffiliation.Role.OWNER,
            start=date(2018, 6, 1), end=date(2019, 7, 1),
        )  # fmt: skip
        services.apply_retention(timezone.localdate(), by=Actor.system("demo"))
    stdout.write("privacy: look-ups of the eKVIS member, a 2019 leaver pseudonymised")
