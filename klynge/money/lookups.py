"""The money rules applied to the database: the KiAP account, budget suggestions.

Reads the rulebook version in force on the meeting's date (never a constant) and hands plain
values to klynge.money.rules.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from klynge.clusters.models import (
    Clinic,
    ClinicAffiliation,
    Cluster,
    Person,
    Post,
    RulebookVersion,
)
from klynge.lib import derived
from klynge.lib.aggregates import over_all
from klynge.lib.periods import in_force
from klynge.lib.phrases import stored
from klynge.meetings.models import Invitation, Meeting
from klynge.members.models import ListedPatients
from klynge.money import phrases, rules
from klynge.money.models import (
    Accounts,
    AccountsLine,
    BudgetLine,
    Claim,
    ExpenseLine,
    HonorariumPayment,
    StatementLine,
)
from klynge.money.rules import ZERO


def local_date(moment) -> date:
    return timezone.localtime(moment).date()


class Versions:
    """A scheme's rulebook versions, fetched once, looked up by date without further queries."""

    def __init__(self, scheme_ids):
        self.by_scheme: dict[int, list[RulebookVersion]] = {}
        for version in RulebookVersion.objects.filter(scheme_id__in=scheme_ids).order_by(
            "valid_from"
        ):
            self.by_scheme.setdefault(version.scheme_id, []).append(version)

    def on(self, scheme_id: int, day: date) -> RulebookVersion | None:
        return in_force(self.by_scheme.get(scheme_id, []), day)


# --- KiAP/PLO account --------------------------------------------------------------------------


@dataclass
class AccountStatus:
    year: int
    listed_patients: int
    rate: Decimal | None
    income: Decimal
    carried_over: Decimal
    approved_expenses: Decimal
    honoraria: Decimal
    manual: Decimal
    from_statement: bool = False  # the income is what PLO's statement shows paid in

    @property
    def balance(self) -> Decimal:
        return rules.account_balance(
            income=self.income + self.manual,
            carried_over=self.carried_over,
            approved_expenses=self.approved_expenses + self.honoraria,
        )


def listed_patients(cluster: Cluster, year: int) -> int:
    """Listed group-1 patients of the clinics in the cluster on 1 March (the day of payment)."""
    clinics = Clinic.objects.active_in(cluster, date(year, 3, 1)).values("pk")
    total = ListedPatients.objects.filter(clinic__in=clinics, year=year).aggregate(n=Sum("count"))
    return total["n"] or 0


def _accounts_around(cluster: Cluster, year: int) -> dict:
    """The year's and last year's accounts, each with what an imported statement shows paid in
    (`statement_lines`, `paid_in`): one query."""
    income = Q(statement__lines__match=StatementLine.Match.INCOME)
    found = Accounts.objects.filter(cluster=cluster, year__in=[year - 1, year]).annotate(
        statement_lines=Count("statement__lines"),
        paid_in=Sum("statement__lines__amount", filter=income),
    )
    return {accounts.year: accounts for accounts in found}


def _carried(accounts: dict, year: int) -> Decimal:
    if year in accounts:
        return accounts[year].opening_balance
    previous = accounts.get(year - 1)
    if previous is not None and previous.statement_balance is not None:
        return previous.statement_balance
    return ZERO


def carried_over(cluster: Cluster, year: int) -> Decimal:
    """The opening balance entered for the year, or last year's statement figure."""
    return _carried(_accounts_around(cluster, year), year)


def account_statuses(clusters, year: int) -> dict[int, AccountStatus]:
    """Each KiAP cluster's account status for the year, from the cache while its inputs are
    unchanged (klynge/clusters/derived.py): one query for them all."""
    return derived.cached(
        "account",
        list(clusters),
        (year,),
        lambda missing: {cluster.pk: account_status(cluster, year) for cluster in missing},
    )


def account_status(cluster: Cluster, year: int) -> AccountStatus:
    patients = listed_patients(cluster, year)
    try:
        rate = cluster.rulebook_on(date(year, 3, 1)).income_per_listed_patient
    except RulebookVersion.DoesNotExist:
        rate = None
    approved = (
        Claim.objects.approved()
        .in_year(year)
        .filter(cluster=cluster)
        .aggregate(total=Sum("approved_amount"))["total"]
        or ZERO
    )
    honoraria = (
        HonorariumPayment.objects.filter(cluster=cluster, paid_at__year=year).aggregate(
            total=Sum("amount")
        )["total"]
        or ZERO
    )
    manual = ZERO
    for line in AccountsLine.objects.filter(accounts__cluster=cluster, accounts__year=year):
        manual += line.signed
    income = rules.kiap_income([patients], rate)
    around = _accounts_around(cluster, year)
    this_year = around.get(year)
    paid_in = None  # the grant as PLO's imported statement shows it, if one is imported
    if this_year is not None and this_year.statement_lines:
        paid_in = this_year.paid_in or ZERO
    return AccountStatus(
        year=year,
        listed_patients=patients,
        rate=rate,
        income=income if paid_in is None else paid_in,
        from_statement=paid_in is not None,
        carried_over=_carried(around, year),
        approved_expenses=approved,
        honoraria=honoraria,
        manual=manual,
    )


def specialist_suggestions(book, venues, doctors: int) -> list[tuple[str, str, Decimal]]:
    """eKVIS: room and catering for the year's meetings, and the speakers' pool."""
    lines = []
    catering = rules.suggested_catering(
        venues, book.catering_rate, book.catering_rate_outside,
        book.refundable_meetings_per_year,
    )  # fmt: skip
    lines.append(
        (
            BudgetLine.Kind.CATERING,
            stored(phrases.BUDGET_CATERING_SPECIALIST, n=len(venues), people=doctors),
            catering,
        )
    )
    if book.speaker_cap_per_year:
        lines.append(
            (
                BudgetLine.Kind.SPEAKERS,
                stored(phrases.BUDGET_SPEAKERS),
                book.speaker_cap_per_year,
            )
        )
    return lines


def kiap_income_line(cluster, year: int, book) -> tuple[str, str, Decimal]:
    """KiAP: the income from listed patients (last year's count until this year's is known)."""
    patients = listed_patients(cluster, year)
    basis = year
    if not patients:
        patients, basis = listed_patients(cluster, year - 1), year - 1
    income = rules.kiap_income([patients], book.income_per_listed_patient)
    return (
        BudgetLine.Kind.INCOME,
        stored(
            phrases.BUDGET_INCOME,
            n=f"{patients:,}".replace(",", "."),
            basis=basis,
            rate=rules.kr(book.income_per_listed_patient),
        ),
        income,
    )


def suggestions(cluster, year: int) -> list[tuple[str, str, Decimal]]:
    """Budget lines from the year's planned meetings, the cluster's rules and the rulebook."""
    book = cluster.rulebook_on(date(year, 3, 1))
    own_rules = cluster.rules_on(date(year, 3, 1))
    meetings = list(
        Meeting.objects.filter(cluster=cluster, kind=Meeting.Kind.CLUSTER, start__year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
    )
    planned = max(len(meetings), own_rules.meetings_per_year)
    doctors = expected_specialists(cluster, date(year, 1, 1))
    venues = [(m.venue_type, m.expected_count or doctors) for m in meetings]
    venues += [(Meeting.VenueType.CLINIC, doctors)] * (planned - len(meetings))
    if cluster.scheme.is_specialist:
        return specialist_suggestions(book, venues, doctors)
    lines = [kiap_income_line(cluster, year, book)]
    # Last year's documented room and catering per held meeting, times this year's meetings.
    last = expenses_by_kind(cluster, year - 1)
    held_last = (
        Meeting.objects.held_in_year(year - 1)
        .filter(cluster=cluster, kind=Meeting.Kind.CLUSTER)
        .count()
    )
    for kind, budget_kind, label in (
        (ExpenseLine.Kind.ROOM, BudgetLine.Kind.MEETINGS, stored(phrases.BUDGET_ROOMS)),
        (ExpenseLine.Kind.CATERING, BudgetLine.Kind.CATERING, stored(phrases.BUDGET_CATERING)),
    ):
        if not held_last or not last.get(kind):
            continue  # no history to go by: the coordinator fills it in
        per_meeting = rules.money(last[kind] / held_last)
        lines.append(
            (
                budget_kind,
                stored(
                    phrases.BUDGET_LAST_YEAR, label=label, n=planned, each=rules.kr(per_meeting)
                ),
                per_meeting * planned,
            )
        )
    board = Post.objects.active(date(year, 4, 1)).filter(cluster=cluster, kind=Post.Kind.BOARD)
    honoraria = (own_rules.coordinator_honorarium or ZERO) + (
        own_rules.board_honorarium or ZERO
    ) * board.count()
    if honoraria:
        lines.append(
            (
                BudgetLine.Kind.HONORARIA,
                stored(phrases.BUDGET_HONORARIA),
                honoraria,
            )
        )
    return lines


def expenses_by_kind(cluster, year: int) -> dict[str, Decimal]:
    """Documented expenses of the year's approved (or paid) claims, by expense kind."""
    rows = (
        ExpenseLine.objects.filter(
            claim__cluster=cluster,
            claim__status__in=Claim.ACCEPTED,
            claim__meeting__start__year=year,
        )
        .values_list("kind")
        .annotate(total=Sum("amount"))
    )
    return dict(rows)


def expected_specialists(cluster, on: date) -> int:
    return (
        Person.objects.members_of(cluster, on)
        .filter(affiliations__role__in=ClinicAffiliation.DOCTOR_ROLES)
        .distinct()
        .count()
    )


# --- The secretariat's inbox -------------------------------------------------------------------

# A work queue: a page of submitted claims, and the latest approved ones.
INBOX_PAGE_SIZE = 25
INBOX_RECENT_APPROVED = 10


def claims_of_scheme(scheme, statuses, cluster_name: str = ""):
    """The scheme's claims in these statuses, of the clusters whose name holds `cluster_name`."""
    claims = Claim.objects.filter(cluster__scheme=scheme, status__in=statuses)
    return claims.filter(cluster__name__folded=cluster_name) if cluster_name else claims


# A doctor (owner or employed, not staff or a doctor in training) marked present at a meeting.
PRESENT_DOCTOR = Q(
    attendance=Invitation.Attendance.PRESENT, role__in=ClinicAffiliation.DOCTOR_ROLES
)


def specialists_present():
    """The doctors present at the claim's meeting, as a subquery (`figures.Figures` reads it)."""
    present = (
        Invitation.objects.filter(PRESENT_DOCTOR, meeting=OuterRef("meeting_id"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(present), 0)


def submitted_ids(scheme, cluster_name: str = ""):
    """The claims awaiting a decision, oldest first, as their keys: what the inbox pages over."""
    claims = claims_of_scheme(scheme, [Claim.Status.SUBMITTED], cluster_name)
    return claims.order_by("submitted_at", "pk").values("pk")


def submitted_claims(ids):
    """The claims `ids` (a page of `submitted_ids`, as a subquery), oldest first, with their
    submitters' persons, and as subqueries their documented total and the doctors present. Only
    these claims are joined and summed, however many wait."""
    documented = (
        ExpenseLine.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Claim.objects.filter(pk__in=ids)
        .annotate(documented=Subquery(documented), specialists_present=specialists_present())
        .select_related("meeting", "cluster__scheme", "submitted_by__person")
        .order_by("submitted_at", "pk")
    )


@dataclass
class Inbox:
    """The inbox's figures: the submitted claims' number; the approved ones' number, sum and the
    latest of them."""

    submitted: int
    approved: int
    approved_total: Decimal
    latest: list


def inbox_figures(scheme, cluster_name: str = "", n: int = 10) -> Inbox:
    """One query however many claims wait: the `n` claims approved last (the submitted ones
    after them when fewer are approved, then left out), each carrying the numbers of all the
    claims. Only those `n` rows are joined to their cluster and meeting; the numbers are counted
    over the claims alone."""
    approved = Q(status=Claim.Status.APPROVED)
    claims = claims_of_scheme(scheme, [Claim.Status.SUBMITTED, Claim.Status.APPROVED], cluster_name)
    order = (
        Case(When(approved, then=0), default=1),
        F("decided_at").desc(nulls_last=True),
        "-pk",
    )
    rows = list(
        Claim.objects.filter(pk__in=claims.order_by(*order).values("pk")[:n])
        .select_related("cluster", "meeting")
        .annotate(
            all_submitted=over_all(claims, Count("pk", filter=~approved)),
            all_approved=over_all(claims, Count("pk", filter=approved)),
            approved_total=over_all(claims, Sum("approved_amount", filter=approved)),
        )
        .order_by(*order)
    )
    if not rows:
        return Inbox(0, 0, ZERO, [])
    first = rows[0]
    latest = [row for row in rows if row.status == Claim.Status.APPROVED]
    return Inbox(first.all_submitted, first.all_approved, first.approved_total or ZERO, latest)
