"""Reads for the secretariat's desk: the national overview of a scheme's clusters.

`overview` gathers every column in a fixed number of queries, whatever the number of clusters:
one per source (clusters with clinic counts, people, coordinators, rules, meetings, claims,
status reports, January checks, handovers)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from klynge.clusters.models import (
    ClinicAffiliation,
    Cluster,
    ClusterRules,
    Person,
    Post,
    affiliation_on,
    membership_on,
)
from klynge.desk import rules
from klynge.desk.models import Question
from klynge.lib import derived, pages
from klynge.lib.periods import in_force
from klynge.meetings.models import Meeting
from klynge.members.models import JanuaryCheck
from klynge.money.models import Claim
from klynge.year.dates import on_day_of_year
from klynge.year.models import Handover, StatusReport

DEFAULT_MEETINGS_PER_YEAR = ClusterRules._meta.get_field("meetings_per_year").default


@dataclass
class Row:
    cluster: Cluster  # or its plain copy (ClusterCopy), as are the post and the handover
    clinics: int = 0
    people: int = 0
    coordinator: Post | None = None
    meetings_held: int = 0
    meetings_rule: int = DEFAULT_MEETINGS_PER_YEAR
    next_meeting: object = None  # an aware datetime
    claims_waiting: int = 0
    claims_approved: int = 0
    approved_amount: object = None  # Decimal
    report_status: str = ""  # "", draft, submitted
    january_checked: bool | None = None
    assembly_held: bool = False
    handover: Handover | None = None
    question_waiting: bool = False
    flags: list[str] = field(default_factory=list)

    @property
    def directory_consent(self) -> bool:
        return bool(self.coordinator and self.coordinator.directory_consent)

    @property
    def pass_on_consent(self) -> bool:
        return bool(self.coordinator and self.coordinator.pass_on_consent)

    def figures(self) -> rules.Figures:
        return rules.Figures(
            has_coordinator=self.coordinator is not None,
            term_end=self.coordinator.term_end if self.coordinator else None,
            meetings_held=self.meetings_held,
            meetings_rule=self.meetings_rule,
            claims_waiting=self.claims_waiting,
            report_submitted=self.report_status == StatusReport.Status.SUBMITTED,
            january_checked=self.january_checked,
            handover_pending=self.handover is not None,
            question_waiting=self.question_waiting,
        )


# The cached rows hold plain copies of the clusters, posts and handovers, with the attributes the
# page, the filters and the export read: a thousand model instances take ~0.4 s to unpickle (each
# its own __setstate__ and state), these a few milliseconds.


@dataclass(frozen=True, slots=True)
class RegionCopy:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ClusterCopy:
    pk: int
    slug: str
    name: str
    municipality: str
    specialty: str
    region: RegionCopy


@dataclass(frozen=True, slots=True)
class PersonCopy:
    pk: int
    name: str


@dataclass(frozen=True, slots=True)
class PostCopy:
    person: PersonCopy
    term_end: date | None
    directory_consent: bool
    directory_consent_at: datetime | None
    pass_on_consent: bool
    pass_on_consent_at: datetime | None


@dataclass(frozen=True, slots=True)
class HandoverCopy:
    successor: PersonCopy
    effective: date


def plain(row: Row) -> Row:
    """The row with plain copies in place of its model instances (for the cache)."""
    cluster, post, handover = row.cluster, row.coordinator, row.handover
    region = RegionCopy(cluster.region.code, cluster.region.name)
    row.cluster = ClusterCopy(
        cluster.pk, cluster.slug, cluster.name, cluster.municipality, cluster.specialty, region
    )
    if post is not None:
        row.coordinator = PostCopy(
            PersonCopy(post.person.pk, post.person.name),
            post.term_end,
            post.directory_consent,
            post.directory_consent_at,
            post.pass_on_consent,
            post.pass_on_consent_at,
        )
    if handover is not None:
        successor = PersonCopy(handover.successor.pk, handover.successor.name)
        row.handover = HandoverCopy(successor, handover.effective)
    return row


def cached_overview(scheme, today: date | None = None) -> list[Row]:
    """`overview(scheme)` in plain copies, computed once for the day and the scheme's clusters'
    tokens: a change to any input of any cluster (the watches in each app's derived.py) renews
    its token and so the key. One query when the rows are cached (the tokens)."""
    today = today or timezone.localdate()
    tokens = Cluster.objects.of_scheme(scheme).values_list("pk", "derived_version")
    parts = [scheme.pk, today.isoformat()]
    return derived.cached_whole(
        "overview", tokens, parts, lambda: [plain(row) for row in overview(scheme, today=today)]
    )


def overview(scheme, clusters=None, today: date | None = None) -> list[Row]:
    """One row per cluster of the scheme (or of `clusters`, a queryset), with its flags."""
    today = today or timezone.localdate()
    queryset = clusters if clusters is not None else Cluster.objects.of_scheme(scheme)
    rows = {
        cluster.pk: Row(cluster=cluster, clinics=cluster.clinic_count)
        for cluster in queryset.select_related("scheme", "region")
        .annotate(
            clinic_count=Count(
                "memberships", filter=membership_on(today, "memberships__"), distinct=True
            )
        )
        .order_by("name")
    }
    ids = list(rows)
    if ids:
        _people(rows, ids, today)
        _coordinators(rows, ids, today)
        _rules(rows, ids, today)
        _meetings(rows, ids, today)
        _claims(rows, ids, today)
        _reports(rows, ids, today)
        _handovers(rows, ids, today)
        _questions(rows, ids)
        if not scheme.is_specialist:
            _january(rows, ids, today)
    rulebook = scheme.rulebook_on(today)
    report_due = on_day_of_year(rulebook.status_report_due, today.year)
    check_due = None
    if not scheme.is_specialist and rulebook.ydernummer_check_due:
        check_due = on_day_of_year(rulebook.ydernummer_check_due, today.year)
    for row in rows.values():
        row.flags = rules.flags(row.figures(), today, report_due, check_due)
    return list(rows.values())


def _people(rows, ids, today):
    counts = (
        ClinicAffiliation.objects.filter(
            affiliation_on(today),
            membership_on(today, "clinic__memberships__"),
            clinic__memberships__cluster__in=ids,
        )
        .values("clinic__memberships__cluster")
        .annotate(n=Count("person", distinct=True))
    )
    for entry in counts:
        rows[entry["clinic__memberships__cluster"]].people = entry["n"]


def _coordinators(rows, ids, today):
    posts = (
        Post.objects.active(today)
        .filter(cluster__in=ids, kind=Post.Kind.COORDINATOR)
        .select_related("person")
        .order_by("start")
    )
    for post in posts:  # the latest start wins if two overlap
        rows[post.cluster_id].coordinator = post


def _rules(rows, ids, today):
    by_cluster: dict[int, list] = {}
    for version in ClusterRules.objects.filter(cluster__in=ids, valid_from__lte=today):
        by_cluster.setdefault(version.cluster_id, []).append(version)
    for cluster_id, versions in by_cluster.items():
        rows[cluster_id].meetings_rule = in_force(versions, today).meetings_per_year


def _meetings(rows, ids, today):
    held = Q(start__year=today.year, status__in=Meeting.HELD_STATUSES)
    # From the start of the day, not the hour: the rows are cached for the day (a meeting this
    # morning stays the next one until midnight).
    midnight = datetime.combine(today, time.min, tzinfo=timezone.get_current_timezone())
    upcoming = Q(start__gte=midnight) & ~Q(status=Meeting.Status.CANCELLED)
    figures = (
        Meeting.objects.filter(cluster__in=ids)
        .values("cluster")
        .annotate(
            held=Count("pk", filter=held & Q(kind=Meeting.Kind.CLUSTER)),
            assemblies=Count("pk", filter=held & Q(kind=Meeting.Kind.ASSEMBLY)),
            next=Min("start", filter=upcoming),
        )
        .order_by()
    )
    for entry in figures:
        row = rows[entry["cluster"]]
        row.meetings_held = entry["held"]
        row.assembly_held = entry["assemblies"] > 0
        row.next_meeting = entry["next"]


def _claims(rows, ids, today):
    approved = Q(status__in=Claim.ACCEPTED, meeting__start__year=today.year)
    figures = (
        Claim.objects.filter(cluster__in=ids)
        .values("cluster")
        .annotate(
            waiting=Count("pk", filter=Q(status=Claim.Status.SUBMITTED)),
            approved=Count("pk", filter=approved),
            amount=Sum("approved_amount", filter=approved),
        )
        .order_by()
    )
    for entry in figures:
        row = rows[entry["cluster"]]
        row.claims_waiting = entry["waiting"]
        row.claims_approved = entry["approved"]
        row.approved_amount = entry["amount"]


def _reports(rows, ids, today):
    reports = StatusReport.objects.filter(cluster__in=ids, year=today.year - 1)
    for cluster_id, status in reports.values_list("cluster", "status"):
        rows[cluster_id].report_status = status


def _january(rows, ids, today):
    checked = set(
        JanuaryCheck.objects.filter(cluster__in=ids, year=today.year).values_list(
            "cluster", flat=True
        )
    )
    for cluster_id, row in rows.items():
        row.january_checked = cluster_id in checked


def _questions(rows, ids):
    latest = Question.objects.filter(cluster__in=ids).latest_per_cluster()
    for cluster_id in latest.filter(from_secretariat=False).values_list("cluster", flat=True):
        rows[cluster_id].question_waiting = True


def _handovers(rows, ids, today):
    pending = Handover.objects.filter(cluster__in=ids, effective__gt=today).select_related(
        "successor"
    )
    for handover in pending.order_by("effective"):
        rows[handover.cluster_id].handover = rows[handover.cluster_id].handover or handover


FAR_FUTURE = datetime.max.replace(tzinfo=UTC)

SORTS = {
    "navn": lambda row: row.cluster.name.lower(),
    "region": lambda row: (row.cluster.region.name, row.cluster.name.lower()),
    "klinikker": lambda row: row.clinics,
    "moeder": lambda row: row.meetings_held - row.meetings_rule,
    "naeste": lambda row: row.next_meeting or FAR_FUTURE,
    "krav": lambda row: row.claims_waiting,
    "handling": lambda row: len(row.flags),
}


@dataclass(frozen=True)
class Choice:
    """The overview's filters and sort order, read from the query string (bad values ignored)."""

    region: str = ""
    action_only: bool = False
    search: str = ""
    sort: str = "navn"
    descending: bool = False

    @classmethod
    def from_query(cls, query, regions) -> "Choice":
        sort = query.get("sorter", "navn")
        descending = sort.startswith("-")
        sort = sort.removeprefix("-")
        region = query.get("region", "")
        return cls(
            region=region if region in regions else "",
            action_only=query.get("handling") == "1",
            search=query.get("q", "").strip()[:100],
            sort=sort if sort in SORTS else "navn",
            descending=descending and sort in SORTS,
        )

    def sort_links(self, query) -> dict[str, str]:
        """For each sortable column, the query string that sorts by it (again: the other way),
        from the first page."""
        links = {}
        for key in SORTS:
            params = query.copy()
            params.pop(pages.PARAM, None)
            flip = key == self.sort and not self.descending
            params["sorter"] = f"-{key}" if flip else key
            links[key] = params.urlencode()
        return links

    def apply(self, rows: list[Row]) -> list[Row]:
        if self.region:
            rows = [row for row in rows if row.cluster.region.code == self.region]
        if self.action_only:
            rows = [row for row in rows if row.flags]
        if self.search:
            needle = self.search.lower()
            rows = [row for row in rows if needle in _haystack(row)]
        return sorted(rows, key=SORTS[self.sort], reverse=self.descending)


def _haystack(row: Row) -> str:
    cluster = row.cluster
    coordinator = row.coordinator.person.name if row.coordinator else ""
    return " ".join([cluster.name, cluster.municipality, cluster.specialty, coordinator]).lower()


def people_shown(rows: list[Row]) -> list:
    """The people whose names the overview shows: coordinators and their successors (as Person
    references for the access log, also from the rows' plain copies)."""
    people = [row.coordinator.person for row in rows if row.coordinator]
    people += [row.handover.successor for row in rows if row.handover]
    return [Person(pk=person.pk, name=person.name) for person in people]


def waiting_for_answer(scheme) -> int:
    """How many of the scheme's clusters wait for the secretariat's answer (one query)."""
    return waiting_query(scheme).count()


def waiting_query(scheme):
    """Each cluster of the scheme waiting for the secretariat's answer: its newest question."""
    latest = Question.objects.filter(cluster__scheme=scheme).latest_per_cluster()
    return latest.filter(from_secretariat=False)
