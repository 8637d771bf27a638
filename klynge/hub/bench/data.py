"""National data for the benchmark: every quality cluster of Denmark, five years of their work.

About 116 general-practice clusters (10–73 GPs each, ~1,700 clinics with their staff) and 70
specialist clusters (6–22 specialists each), with posts, log-ins, rules, listed patients, and for
each year four meetings with invitations, answers, attendance, agenda, decisions, follow-ups and
(specialist clusters) claims, plus the status reports. `Size.national(N)` multiplies the clusters.

Rows are written with bulk_create (no history rows: the benchmark measures pages, not the audit).
Cluster slugs start with "bench-"; the largest KiAP cluster, "bench-kiap-0001", has the named
log-ins the benchmark uses (`Named`).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from klynge.accounts.models import User
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
from klynge.lib.names import STREETS, name_generator
from klynge.meetings.models import Action, AgendaItem, Decision, Invitation, Meeting
from klynge.members.models import ListedPatients
from klynge.money.models import Claim, ExpenseLine
from klynge.year.models import StatusReport

CPH = ZoneInfo("Europe/Copenhagen")
Role = ClinicAffiliation.Role
Answer = Invitation.Answer
Attendance = Invitation.Attendance
DOMAIN = "bench.example.dk"
LARGEST = "bench-kiap-0001"
MONTHS = (2, 5, 9, 11)
AGENDA = ("Opfølgning fra sidste møde", "Fagligt emne", "Data fra klinikkerne", "Eventuelt")


@dataclass(frozen=True)
class Size:
    kiap_clusters: int = 116
    ekvis_clusters: int = 70
    years: int = 5
    gps_max: int = 73

    @classmethod
    def national(cls, scale: int = 1) -> "Size":
        return cls(kiap_clusters=116 * scale, ekvis_clusters=70 * scale)

    @property
    def cluster_count(self) -> int:
        return self.kiap_clusters + self.ekvis_clusters


@dataclass
class Named:
    """What the benchmark and the query-count tests look at."""

    cluster: Cluster
    coordinator: User
    member: User
    secretariat_kiap: User
    secretariat_ekvis: User
    clinic: Clinic
    upcoming: Meeting  # called, 40 invited
    held: Meeting  # the latest held meeting, everyone invited
    to_invite: Meeting  # planned, nobody invited yet


def present(size: Size) -> bool:
    return Cluster.objects.filter(slug__startswith="bench-").count() == size.cluster_count


def generate(size: Size, today: date, seed: int = 12, stdout=None) -> None:
    """Write the national data (once: call only on a database without bench clusters)."""
    gen = Generator(size, today, seed)
    with transaction.atomic():
        gen.users()
    for index in range(size.cluster_count):
        with transaction.atomic():
            gen.cluster(index)
        if stdout and index % 20 == 19:
            stdout.write(f"  {index + 1}/{size.cluster_count} klynger")


def named() -> Named:
    cluster = Cluster.objects.get(slug=LARGEST)
    meetings = cluster.meetings.order_by("start")
    return Named(
        cluster=cluster,
        coordinator=User.objects.get(email="bench.koordinator.0001@example.dk"),
        member=User.objects.get(email="bench.medlem.0001@example.dk"),
        secretariat_kiap=User.objects.get(email="bench.sekretariat.kiap@example.dk"),
        secretariat_ekvis=User.objects.get(email="bench.sekretariat.ekvis@example.dk"),
        clinic=Clinic.objects.active_in(cluster).order_by("ydernummer").first(),
        upcoming=meetings.filter(status=Meeting.Status.CALLED).first(),
        held=meetings.filter(status__in=Meeting.HELD_STATUSES).last(),
        to_invite=meetings.filter(status=Meeting.Status.PLANNING).first(),
    )


class Generator:
    def __init__(self, size: Size, today: date, seed: int):
        self.size = size
        self.today = today
        self.rng = random.Random(seed)
        self.names = name_generator(seed)
        self.schemes = {s.code: s for s in Scheme.objects.all()}
        self.regions = list(Region.objects.order_by("code"))
        self.ydernummer = 100000
        self.first_year = today.year - size.years + 1

    def users(self):
        for code in ("kiap", "ekvis"):
            User.objects.get_or_create(
                email=f"bench.sekretariat.{code}@example.dk",
                defaults={"secretariat_of": self.schemes[code], "name": f"Sekretariat {code}"},
            )

    def cluster(self, index: int):
        kiap = index < self.size.kiap_clusters
        number = index + 1 if kiap else index - self.size.kiap_clusters + 1
        code = "kiap" if kiap else "ekvis"
        region = self.regions[index % len(self.regions)]
        cluster = Cluster.objects.create(
            slug=f"bench-{code}-{number:04d}",
            name=f"{'Kvalitetsklynge' if kiap else 'Specialeklynge'} {region.name} {number}",
            scheme=self.schemes[code],
            region=region,
            founded=date(2018 if kiap else 2022, 6, 1),
            specialty="" if kiap else "Oftalmologi",
        )
        ClusterRules.objects.create(
            cluster=cluster, valid_from=date(2020, 1, 1), reminder_days=[7, 2]
        )
        doctors = self.doctor_count(kiap, number)
        people = self.clinics(cluster, kiap, doctors)
        self.posts(cluster, people, number if kiap else 0)
        self.meeting_rows(cluster, self.meetings(cluster), people, kiap)
        self.reports(cluster)

    def doctor_count(self, kiap: bool, number: int) -> int:
        if kiap:
            if number == 1:
                return self.size.gps_max
            return round(self.rng.triangular(10, self.size.gps_max, 15))
        return self.rng.randint(6, 22)

    def clinics(self, cluster, kiap: bool, doctors: int) -> list[tuple[Person, Clinic, str]]:
        """Clinics of 1–4 doctors (specialists: 1–2) with their staff; a few left in the years."""
        people, clinics, plan = [], [], []
        while doctors > 0:
            count = min(doctors, self.rng.randint(1, 4 if kiap else 2))
            doctors -= count
            self.ydernummer += 1
            street = self.rng.choice(STREETS)
            clinics.append(
                Clinic(
                    ydernummer=f"{self.ydernummer:06d}",
                    name=f"{'Lægehuset' if kiap else 'Speciallægen'} {street}",
                    kind=Clinic.Kind.GENERAL if kiap else Clinic.Kind.SPECIALIST,
                    address=f"{street} {self.rng.randint(1, 120)}",
                    region=cluster.region,
                    email=f"klinik{self.ydernummer}@{DOMAIN}",
                )
            )
            roles = [Role.OWNER] * count + [Role.STAFF] * self.rng.randint(1, 3 if kiap else 1)
            plan.append(roles)
        Clinic.objects.bulk_create(clinics)
        ended = date(self.first_year + 1, 7, 1)
        memberships = [
            ClusterMembership(
                cluster=cluster,
                clinic=clinic,
                joined=date(2020, 1, 1),
                left=ended if i and self.rng.random() < 0.04 else None,
            )
            for i, clinic in enumerate(clinics)
        ]
        for membership in memberships:
            if membership.left:
                membership.status = ClusterMembership.Status.ENDED
                membership.reason = ClusterMembership.Reason.CEASED
        ClusterMembership.objects.bulk_create(memberships)
        affiliations = []
        for clinic, membership, roles in zip(clinics, memberships, plan, strict=True):
            for role in roles:
                name = next(self.names)
                person = Person(name=name, email=f"p{self.ydernummer}.{len(people)}@{DOMAIN}")
                people.append((person, clinic, role, membership.left is None))
        Person.objects.bulk_create([p for p, *_ in people])
        for person, clinic, role, _open in people:
            affiliations.append(
                ClinicAffiliation(person=person, clinic=clinic, role=role, start=date(2020, 1, 1))
            )
        ClinicAffiliation.objects.bulk_create(affiliations)
        if kiap:
            ListedPatients.objects.bulk_create(
                ListedPatients(clinic=c, year=y, count=self.rng.randint(1200, 6000))
                for c in clinics
                for y in range(self.first_year, self.today.year + 1)
            )
        return [(p, c, r) for p, c, r, still in people if still]

    def posts(self, cluster, people, kiap_number: int):
        """A coordinator and two board members, each with a log-in; one member with a log-in."""
        doctors = [p for p, _c, r in people if r == Role.OWNER]
        start = date(2020, 1, 1)
        key = f"{kiap_number:04d}" if kiap_number else f"e{cluster.pk}"
        staff = [(doctors[0], Post.Kind.COORDINATOR, f"bench.koordinator.{key}")]
        staff += [
            (p, Post.Kind.BOARD, f"bench.bestyrelse.{key}.{i}") for i, p in enumerate(doctors[1:3])
        ]
        for person, kind, login in staff:
            person.user = User.objects.create_user(f"{login}@example.dk", None, name=person.name)
            person.save(update_fields=["user"])
            Post.objects.create(cluster=cluster, person=person, kind=kind, start=start)
        if len(doctors) > 3:
            member = doctors[3]
            member.user = User.objects.create_user(
                f"bench.medlem.{key}@example.dk", None, name=member.name
            )
            member.save(update_fields=["user"])

    def meetings(self, cluster) -> list[Meeting]:
        """Four meetings a year; the coming ones called (the first) or being planned."""
        rows, called = [], False
        for year in range(self.first_year, self.today.year + 2):
            for month in MONTHS if year <= self.today.year else MONTHS[:2]:
                start = datetime.combine(date(year, month, 12), time(17), CPH)
                if start.date() <= self.today:
                    status = Meeting.Status.CLOSED
                elif not called:
                    status, called = Meeting.Status.CALLED, True
                else:
                    status = Meeting.Status.PLANNING
                rows.append(
                    Meeting(
                        cluster=cluster,
                        title=f"Klyngemøde {month}/{year}",
                        topic="Diabetes og data",
                        start=start,
                        end=start + timedelta(hours=3),
                        venue="Mødecenter",
                        status=status,
                        answer_deadline=start - timedelta(days=14),
                        expected_count=30,
                    )
                )
        return Meeting.objects.bulk_create(rows)

    def meeting_rows(self, cluster, meetings, people, kiap: bool):
        """Invitations and agenda of the called and held meetings; decisions, follow-ups and
        (specialist clusters) claims of the held ones."""
        agenda, decisions, actions, claims = [], [], [], []
        for meeting in meetings:
            if meeting.status == Meeting.Status.PLANNING:
                continue
            held = meeting.status != Meeting.Status.CALLED
            self.invitations(meeting, people if held or not kiap else people[:40], held)
            agenda += [
                AgendaItem(meeting=meeting, position=i, title=t, is_followup=i == 0)
                for i, t in enumerate(AGENDA)
            ]
            if not held:
                continue
            decisions += [Decision(meeting=meeting, text=f"Beslutning {i}") for i in range(2)]
            recent = meeting.start.date() > self.today - timedelta(days=100)
            actions.append(
                Action(
                    cluster=cluster,
                    meeting=meeting,
                    text="Klinikkerne gennemgår deres data",
                    status=Action.Status.OPEN if recent else Action.Status.DONE,
                )
            )
            if not kiap:
                claims.append(self.claim(cluster, meeting, recent))
        AgendaItem.objects.bulk_create(agenda)
        Decision.objects.bulk_create(decisions)
        Action.objects.bulk_create(actions)
        Claim.objects.bulk_create(claims)
        ExpenseLine.objects.bulk_create(
            ExpenseLine(
                claim=claim, kind=kind, supplier=who, date=claim.meeting.start.date(), amount=amount
            )
            for claim in claims
            for kind, who, amount in (("room", "Mødecenter", 2000), ("catering", "Kantine", 4000))
        )

    def invitations(self, meeting, invited, held: bool):
        rows = []
        for person, clinic, role in invited:
            draw = self.rng.random()
            answer = Answer.YES if draw < 0.8 else Answer.NO if draw < 0.95 else Answer.NONE
            attendance = Attendance.UNKNOWN
            if held:
                attendance = {
                    Answer.YES: Attendance.PRESENT,
                    Answer.NO: Attendance.EXCUSED,
                    Answer.NONE: Attendance.ABSENT,
                }[answer]
            rows.append(
                Invitation(
                    meeting=meeting,
                    person=person,
                    clinic=clinic,
                    role=role,
                    answer=answer,
                    attendance=attendance,
                    invited_at=meeting.start - timedelta(days=40),
                    answered_at=None
                    if answer == Answer.NONE
                    else meeting.start - timedelta(days=20),
                )
            )
        Invitation.objects.bulk_create(rows)

    def claim(self, cluster, meeting, recent: bool) -> Claim:
        submitted = meeting.start + timedelta(days=5)
        return Claim(
            cluster=cluster,
            meeting=meeting,
            status=Claim.Status.SUBMITTED if recent else Claim.Status.PAID,
            computed_refund=Decimal("6000.00"),
            approved_amount=None if recent else Decimal("6000.00"),
            submitted_at=submitted,
            decided_at=None if recent else submitted + timedelta(days=10),
            paid_at=None if recent else submitted + timedelta(days=20),
        )

    def reports(self, cluster):
        StatusReport.objects.bulk_create(
            StatusReport(
                cluster=cluster,
                year=year,
                status=StatusReport.Status.SUBMITTED,
                submitted_at=datetime.combine(date(year + 1, 1, 20), time(12), CPH),
            )
            for year in range(self.first_year, self.today.year)
        )
