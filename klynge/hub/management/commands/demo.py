"""Load a realistic Danish demo: `manage.py demo`. Idempotent: running it again changes nothing.

The core (schemes, clusters, clinics, people, posts, log-ins) is made here; each app may add its own
demo data in `klynge/<app>/demo.py` with a function `load(world, stdout)`.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from klynge.accounts.models import User
from klynge.clusters.audit import Actor, acting
from klynge.clusters.models import (
    Clinic,
    ClinicAffiliation,
    Cluster,
    ClusterMembership,
    ClusterRules,
    Person,
    Post,
    Region,
    Scheme,
)
from klynge.lib.hooks import app_modules
from klynge.lib.names import STREETS, email_for, name_generator
from klynge.members.models import ListedPatients

PASSWORD = "klynge-demo-2026"
DOMAIN = "example.dk"
# When the demo coordinators consented to the public list (the day their post began).
CONSENTED = datetime(2025, 4, 1, 10, tzinfo=UTC)
Role = ClinicAffiliation.Role


@dataclass
class World:
    """What the demo made, for the apps' demo hooks."""

    clusters: dict[str, Cluster] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)


CLUSTERS = [
    # slug, name, scheme, region, municipality, specialty, clinics, town, postcode
    (
        "roskilde",
        "Kvalitetsklyngen Roskilde",
        "kiap",
        "sjaelland",
        "Roskilde",
        "",
        25,
        "Roskilde",
        "4000",
    ),
    ("koege", "Klynge Køge Bugt", "kiap", "sjaelland", "Køge", "", 8, "Køge", "4600"),
    (
        "oejenklyngen-nord",
        "Øjenklyngen Hovedstaden Nord",
        "ekvis",
        "hovedstaden",
        "",
        "Oftalmologi",
        15,
        "Hillerød",
        "3400",
    ),
    (
        "hudklyngen-syd",
        "Hudklyngen Syddanmark",
        "ekvis",
        "syddanmark",
        "",
        "Dermato-venerologi",
        8,
        "Odense",
        "5000",
    ),
]

# (cluster, e-mail, role label, post kind or None, affiliation role)
NAMED = [
    ("roskilde", "koordinator", "KiAP-koordinator", Post.Kind.COORDINATOR, Role.OWNER),
    ("roskilde", "bestyrelse", "KiAP-bestyrelsesmedlem", Post.Kind.BOARD, Role.OWNER),
    ("roskilde", "medlem", "KiAP-medlem (læge)", None, Role.EMPLOYED),
    (
        "koege",
        "koordinator.koege",
        "Koordinator i en anden KiAP-klynge",
        Post.Kind.COORDINATOR,
        Role.OWNER,
    ),
    (
        "oejenklyngen-nord",
        "ekvis.koordinator",
        "eKVIS-koordinator",
        Post.Kind.COORDINATOR,
        Role.OWNER,
    ),
    ("oejenklyngen-nord", "ekvis.medlem", "eKVIS-medlem (speciallæge)", None, Role.OWNER),
    (
        "hudklyngen-syd",
        "koordinator.hud",
        "Koordinator i en anden eKVIS-klynge",
        Post.Kind.COORDINATOR,
        Role.OWNER,
    ),
]


@dataclass
class Maker:
    """The seeded sources of the demo's names, numbers and choices, so every run makes the same."""

    schemes: dict
    regions: dict
    names: Iterator[str] = field(default_factory=lambda: name_generator(2026))
    rng: random.Random = field(default_factory=lambda: random.Random(42))
    ydernummer: int = 40000
    today: date = field(default_factory=date.today)

    def phone(self, low, high) -> str:
        rng = self.rng
        return f"{rng.randint(low, high)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


class Command(BaseCommand):
    help = "Load the demo data and print the demo logins (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic(), acting(Actor.system("demo")):
            world = self.load_core()
            for _app, module in app_modules("demo"):
                module.load(world, self.stdout)
        self.print_logins(world)

    def load_core(self) -> World:
        world = World()
        maker = Maker(
            schemes={scheme.code: scheme for scheme in Scheme.objects.all()},
            regions={region.code: region for region in Region.objects.all()},
        )
        for row in CLUSTERS:
            world.clusters[row[0]] = self.load_cluster(maker, *row)
        for row in NAMED:
            self.load_named(world, maker, *row)
        self.load_staff_users(world, maker)
        return world

    def load_cluster(
        self, maker, slug, name, scheme, region, municipality, specialty, count, town, postcode
    ) -> Cluster:
        cluster, _ = Cluster.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "scheme": maker.schemes[scheme],
                "region": maker.regions[region],
                "municipality": municipality,
                "specialty": specialty,
                "founded": date(2018 if scheme == "kiap" else 2022, 6, 1),
            },
        )
        ClusterRules.objects.get_or_create(
            cluster=cluster,
            valid_from=date(2025, 3, 15),
            defaults={
                "decided_at": "Generalforsamling 15.03.2025",
                "meetings_per_year": 4,
                "max_absences": 1,
                "answer_deadline_days": 14,
                "reminder_days": [7, 2],
                "materials_deadline_days": 7,
                "minutes_required": True,
                "coordinator_honorarium": 12000 if scheme == "kiap" else None,
                "board_honorarium": 3000 if scheme == "kiap" else None,
            },
        )
        for index in range(count):
            self.load_clinic(maker, cluster, index, specialty, town, postcode)
        return cluster

    def load_clinic(self, maker, cluster, index, specialty, town, postcode) -> None:
        rng, specialist = maker.rng, cluster.scheme.is_specialist
        maker.ydernummer += rng.randint(7, 97)
        number = f"{maker.ydernummer:06d}"
        lead = next(maker.names)
        clinic_name = (
            f"Speciallæge {lead}" if specialist else f"Lægerne {rng.choice(STREETS)} {index + 1}"
        )
        clinic, _ = Clinic.objects.get_or_create(
            ydernummer=number,
            defaults={
                "name": clinic_name,
                "kind": Clinic.Kind.SPECIALIST if specialist else Clinic.Kind.GENERAL,
                "specialty": specialty,
                "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                "postcode": postcode,
                "city": town,
                "region": cluster.region,
                "email": f"klinik{number}@{DOMAIN}",
                "phone": maker.phone(40, 79),
            },
        )
        ClusterMembership.objects.get_or_create(
            cluster=cluster, clinic=clinic, left=None, defaults={"joined": cluster.founded}
        )
        if specialist:
            self.affiliate(lead, clinic, Role.OWNER, cluster.founded, rng)
            return
        for year in (maker.today.year - 1, maker.today.year):
            ListedPatients.objects.get_or_create(
                clinic=clinic, year=year, defaults={"count": rng.randint(1400, 4800)}
            )
        staff = [(lead, Role.OWNER)]
        staff += [(next(maker.names), Role.OWNER)] if rng.random() < 0.5 else []
        staff += [(next(maker.names), Role.TRAINEE)] if rng.random() < 0.3 else []
        staff += [(next(maker.names), Role.STAFF)]
        for person_name, role in staff:
            self.affiliate(person_name, clinic, role, cluster.founded, rng)

    def load_named(self, world, maker, slug, local, label, post_kind, role) -> None:
        """A demo login with a known e-mail, in a clinic of the cluster, holding a post."""
        cluster = world.clusters[slug]
        email = f"{local}@{DOMAIN}"
        person = Person.objects.filter(user__email=email).first()
        if person is None:
            position = [n[1] for n in NAMED if n[0] == slug].index(local)
            clinic = Clinic.objects.active_in(cluster).order_by("ydernummer")[position]
            person = self.affiliate(next(maker.names), clinic, role, cluster.founded, maker.rng)
            person.email = email
            person.user = self.user(email, person.name)
            person.share_contact = True
            person.save()
        if post_kind:
            Post.objects.get_or_create(
                cluster=cluster,
                person=person,
                kind=post_kind,
                defaults={
                    "start": date(2025, 4, 1),
                    "term_end": date(2027, 3, 31),
                    "directory_consent": post_kind == Post.Kind.COORDINATOR,
                    "directory_consent_at": CONSENTED
                    if post_kind == Post.Kind.COORDINATOR
                    else None,
                },
            )
        world.people[local] = person
        world.logins.append((label, email))

    def load_staff_users(self, world, maker) -> None:
        """The secretariats, a regional unit and the site administrator."""
        kiap, ekvis = maker.schemes["kiap"], maker.schemes["ekvis"]
        for local, name, extra, label in [
            (
                "sekretariat.plo",
                "PLO Klyngesekretariat",
                {"secretariat_of": kiap},
                "KiAP/PLO-sekretariat",
            ),
            (
                "sekretariat.ekvis",
                "eKVIS Sekretariat",
                {"secretariat_of": ekvis},
                "eKVIS-sekretariat",
            ),
            (
                "kvalitetsenhed.sjaelland",
                "KAP-S",
                {"regional_unit_of": maker.regions["sjaelland"]},
                "Regional kvalitetsenhed (KAP-S)",
            ),
            ("admin", "Administrator", {"is_superuser": True, "is_staff": True}, "Administrator"),
        ]:
            self.user(f"{local}@{DOMAIN}", name, **extra)
            world.logins.append((label, f"{local}@{DOMAIN}"))

    def affiliate(self, name, clinic, role, start, rng) -> Person:
        email = email_for(name, DOMAIN)
        person, _ = Person.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "phone": f"{rng.randint(20, 61)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "share_contact": rng.random() < 0.6,
            },
        )
        ClinicAffiliation.objects.get_or_create(
            person=person, clinic=clinic, end=None, defaults={"role": role, "start": start}
        )
        return person

    def user(self, email, name, **extra) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, name=name, **extra)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def print_logins(self, world: World):
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Klynge demo is loaded. Log in at http://127.0.0.1:8000/")
        )
        self.stdout.write(f"Password for every demo login: {PASSWORD}")
        width = max(len(label) for label, _ in world.logins)
        for label, email in world.logins:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
        self.stdout.write("Or choose «Log ind med en kode» and read the code in this terminal.")
