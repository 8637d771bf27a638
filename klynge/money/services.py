"""The money rules applied to the database: what a claim refunds, the KiAP account, honoraria.

Reads the rulebook version in force on the meeting's date (never a constant) and hands plain
values to klynge.money.rules.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.models import (
    Clinic,
    ClinicAffiliation,
    Cluster,
    ClusterRules,
    Person,
    Post,
    RulebookVersion,
)
from klynge.lib.periods import in_force
from klynge.meetings.models import Invitation, Meeting
from klynge.members.models import ListedPatients
from klynge.money import rules
from klynge.money.models import (
    Accounts,
    AccountsLine,
    BudgetLine,
    Claim,
    ExpenseLine,
    HonorariumPayment,
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


# --- Claims ------------------------------------------------------------------------------------


def specialists_present(meeting: Meeting) -> int:
    """Owner and employed doctors marked present (not staff, not doctors in training)."""
    return meeting.invitations.filter(
        attendance=Invitation.Attendance.PRESENT, role__in=ClinicAffiliation.DOCTOR_ROLES
    ).count()


def meeting_number(meeting: Meeting) -> int | None:
    """The meeting's number among the cluster's held meetings of its calendar year."""
    if not meeting.start:
        return None
    year = local_date(meeting.start).year
    held = Meeting.objects.held_in_year(year).filter(
        cluster_id=meeting.cluster_id, kind=Meeting.Kind.CLUSTER
    )
    pairs = [(pk, start) for pk, start in held.values_list("pk", "start").order_by("start", "pk")]
    if meeting.is_held and meeting.pk not in dict(pairs):
        pairs.append((meeting.pk, meeting.start))
    return rules.meeting_numbers(pairs).get(meeting.pk)


def speaker_costs_in_year(cluster: Cluster, year: int) -> list[tuple[int, Decimal]]:
    """(claim pk, documented speaker cost) of the year's open claims, in meeting date order."""
    rows = (
        Claim.objects.open()
        .in_year(year)
        .filter(cluster=cluster)
        .annotate(speakers=Sum("lines__amount", filter=Q(lines__kind=ExpenseLine.Kind.SPEAKER)))
        .order_by("meeting__start", "pk")
        .values_list("pk", "speakers")
    )
    return [(pk, amount or ZERO) for pk, amount in rows]


@dataclass
class Assessment:
    """What the rules give for one claim, with the reasons in words."""

    claim: Claim
    documented: Decimal
    catering: rules.CateringRefund
    speaker: rules.SpeakerRefund
    other_documented: Decimal
    other_refund: Decimal
    warnings: list[str] = field(default_factory=list)
    balance: Decimal | None = None

    @property
    def refund(self) -> Decimal:
        return self.catering.refund + self.speaker.refund + self.other_refund

    @property
    def own_cost(self) -> Decimal:
        return self.documented - self.refund

    def in_words(self) -> list[str]:
        lines = [_("Lokale og forplejning: %(text)s") % {"text": self.catering.in_words()}]
        if self.speaker.documented:
            lines.append(self.speaker.in_words())
        if self.other_documented:
            if self.other_refund:
                lines.append(
                    _("Transport og andet: dokumenteret %(doc)s; refusion %(refund)s")
                    % {
                        "doc": rules.amount_text(self.other_documented),
                        "refund": rules.amount_text(self.other_refund),
                    }
                )
            else:
                lines.append(
                    _(
                        "Transport og andet: dokumenteret %(doc)s; regelsættet giver ingen "
                        "refusion (sekretariatet kan godkende et andet beløb)."
                    )
                    % {"doc": rules.amount_text(self.other_documented)}
                )
        lines.append(_("Refusion i alt: %(refund)s") % {"refund": rules.amount_text(self.refund)})
        return lines


def assess(claim: Claim, lines=None) -> Assessment:
    meeting = claim.meeting
    cluster = claim.cluster
    day = local_date(meeting.start) if meeting.start else timezone.localdate()
    book = cluster.rulebook_on(day)
    lines = list(claim.lines.all()) if lines is None else lines
    by_kind: dict[str, Decimal] = {}
    for line in lines:
        by_kind[line.kind] = by_kind.get(line.kind, ZERO) + line.amount
    room_catering = sum((by_kind.get(k, ZERO) for k in ExpenseLine.ROOM_AND_CATERING), ZERO)
    speaker_cost = by_kind.get(ExpenseLine.Kind.SPEAKER, ZERO)
    other = by_kind.get(ExpenseLine.Kind.TRANSPORT, ZERO) + by_kind.get(
        ExpenseLine.Kind.OTHER, ZERO
    )
    number = meeting_number(meeting) if book.refundable_meetings_per_year else None
    catering = rules.catering_refund(
        venue_type=meeting.venue_type,
        specialists_present=specialists_present(meeting),
        documented=room_catering,
        rate=book.catering_rate,
        rate_outside=book.catering_rate_outside,
        meeting_number=number,
        refundable_meetings=book.refundable_meetings_per_year,
    )
    # Speaker costs of the year's claims in meeting date order; this claim takes its place.
    costs = [
        (pk, speaker_cost if pk == claim.pk else cost)
        for pk, cost in speaker_costs_in_year(cluster, day.year)
    ]
    if claim.pk not in {pk for pk, _cost in costs}:
        costs.append((claim.pk, speaker_cost))
    allocation = rules.speaker_refunds([cost for _pk, cost in costs], book.speaker_cap_per_year)
    speaker = allocation[[pk for pk, _cost in costs].index(claim.pk)]
    specialist = cluster.scheme.is_specialist
    assessment = Assessment(
        claim=claim,
        documented=room_catering + speaker_cost + other,
        catering=catering,
        speaker=speaker,
        other_documented=other,
        other_refund=ZERO if specialist else other,
    )
    if catering.beyond_meeting_limit:
        assessment.warnings.append(
            _(
                "Mødet er årets %(n)d. afholdte møde. Regelsættet refunderer lokale og forplejning "
                "for højst %(limit)d møder om året; kravet kan indsendes, men sekretariatet afgør det."
            )
            % {"n": catering.meeting_number, "limit": catering.meeting_limit}
        )
    if not meeting.is_held:
        assessment.warnings.append(_("Mødet er ikke registreret som afholdt endnu."))
    if any(not line.receipt for line in lines):
        assessment.warnings.append(_("En eller flere udgifter mangler bilag."))
    if not specialist:
        status = account_status(cluster, day.year)
        assessment.balance = status.balance
        pending = ZERO if claim.status in Claim.ACCEPTED else assessment.refund
        if rules.exceeds_balance(pending, status.balance):
            assessment.warnings.append(
                _("Kravet på %(amount)s er større end klyngens saldo hos PLO (%(balance)s).")
                % {"amount": rules.kr(pending), "balance": rules.kr(status.balance)}
            )
    return assessment


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


def carried_over(cluster: Cluster, year: int) -> Decimal:
    """The opening balance entered for the year, or last year's statement figure."""
    accounts = {
        a.year: a for a in Accounts.objects.filter(cluster=cluster, year__in=[year - 1, year])
    }
    if year in accounts:
        return accounts[year].opening_balance
    previous = accounts.get(year - 1)
    if previous is not None and previous.statement_balance is not None:
        return previous.statement_balance
    return ZERO


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
    return AccountStatus(
        year=year,
        listed_patients=patients,
        rate=rate,
        income=rules.kiap_income([patients], rate),
        carried_over=carried_over(cluster, year),
        approved_expenses=approved,
        honoraria=honoraria,
        manual=manual,
    )


# --- Headroom ----------------------------------------------------------------------------------


def speaker_used(cluster: Cluster, year: int, cap: Decimal | None) -> Decimal:
    allocation = rules.speaker_refunds([c for _pk, c in speaker_costs_in_year(cluster, year)], cap)
    return sum((a.refund for a in allocation), ZERO)


@dataclass
class Headroom:
    meeting: Meeting
    expected: int
    expected_source: str
    catering: Decimal | None
    rate: Decimal | None
    beyond_limit: bool


def headroom(cluster: Cluster, now=None) -> tuple[list[Headroom], Decimal | None, Decimal | None]:
    """For each upcoming meeting: how much room and catering will be refunded in full, for how many
    expected specialists; and the speaker budget left this year. A constant number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    yes_doctors = Count(
        "invitations",
        filter=Q(
            invitations__answer=Invitation.Answer.YES,
            invitations__role__in=ClinicAffiliation.DOCTOR_ROLES,
        ),
    )
    meetings = list(
        Meeting.objects.upcoming(now)
        .filter(cluster=cluster, kind=Meeting.Kind.CLUSTER)
        .annotate(yes_doctors=yes_doctors)
        .order_by("start")
    )
    doctors = (
        Person.objects.members_of(cluster, today)
        .filter(affiliations__role__in=ClinicAffiliation.DOCTOR_ROLES)
        .distinct()
        .count()
    )
    held_this_year = (
        Meeting.objects.held_in_year(today.year)
        .filter(cluster=cluster, kind=Meeting.Kind.CLUSTER)
        .count()
    )
    versions = Versions([cluster.scheme_id])
    result = []
    for index, meeting in enumerate(meetings):
        day = local_date(meeting.start) if meeting.start else today
        book = versions.on(cluster.scheme_id, day)
        if meeting.yes_doctors:
            expected, source = meeting.yes_doctors, _("har meldt sig til")
        elif meeting.expected_count:
            expected, source = meeting.expected_count, _("forventet antal deltagere")
        else:
            expected, source = doctors, _("speciallæger i klyngens klinikker")
        rate = None
        amount = None
        limit = book.refundable_meetings_per_year if book else None
        if book is not None:
            amount = rules.catering_headroom(
                venue_type=meeting.venue_type,
                expected_specialists=expected,
                rate=book.catering_rate,
                rate_outside=book.catering_rate_outside,
            )
            rate = (
                book.catering_rate_outside
                if meeting.venue_type == Meeting.VenueType.OUTSIDE
                else book.catering_rate
            )
        same_year = day.year == today.year
        number = (held_this_year if same_year else 0) + sum(
            1
            for m in meetings[: index + 1]
            if (local_date(m.start).year if m.start else today.year) == day.year
        )
        result.append(
            Headroom(meeting, expected, source, amount, rate, bool(limit and number > limit))
        )
    book = versions.on(cluster.scheme_id, today)
    cap = book.speaker_cap_per_year if book else None
    left = rules.speaker_left(cap, speaker_used(cluster, today.year, cap)) if cap else None
    return result, cap, left


# --- Honoraria ---------------------------------------------------------------------------------


@dataclass
class HonorariumRow:
    cluster: Cluster
    person: Person
    kind: str
    share: rules.Share
    payment: HonorariumPayment | None = None

    @property
    def kind_label(self) -> str:
        return Post.Kind(self.kind).label


def _yearly_amounts(cluster, kind, months, versions, cluster_rules) -> list[Decimal] | None:
    amounts = []
    for first in months:
        if cluster.scheme.is_specialist:
            book = versions.on(cluster.scheme_id, first)
            value = book.coordinator_honorarium if book and kind == Post.Kind.COORDINATOR else None
        else:
            decided = in_force(cluster_rules.get(cluster.pk, []), first)
            value = None
            if decided is not None:
                value = (
                    decided.coordinator_honorarium
                    if kind == Post.Kind.COORDINATOR
                    else decided.board_honorarium
                )
        amounts.append(value or ZERO)
    return amounts if any(amounts) else None


def honoraria(clusters, period_start: date) -> list[HonorariumRow]:
    """Every honorarium share of the clusters' coordinators (and, in general practice, board
    members) for the period starting `period_start`. Five queries, whatever the number of clusters."""
    clusters = list(clusters)
    if not clusters:
        return []
    months = rules.period_months(period_start)
    period_end = date(months[-1].year + (months[-1].month == 12), months[-1].month % 12 + 1, 1)
    versions = Versions({c.scheme_id for c in clusters})
    cluster_rules: dict[int, list[ClusterRules]] = {}
    for row in ClusterRules.objects.filter(cluster__in=clusters).order_by("valid_from"):
        cluster_rules.setdefault(row.cluster_id, []).append(row)
    posts = (
        Post.objects.filter(
            Q(end__isnull=True) | Q(end__gte=period_start),
            cluster__in=clusters,
            kind__in=[Post.Kind.COORDINATOR, Post.Kind.BOARD],
            start__lt=period_end,
        )
        .select_related("person")
        .order_by("start", "pk")
    )
    payments = {
        (p.cluster_id, p.person_id, p.kind): p
        for p in HonorariumPayment.objects.filter(cluster__in=clusters, period_start=period_start)
    }
    by_cluster = {c.pk: c for c in clusters}
    grouped: dict[tuple[int, str], list[Post]] = {}
    for post in posts:
        grouped.setdefault((post.cluster_id, post.kind), []).append(post)
    people = {post.person_id: post.person for post in posts}
    rows = []
    for cluster in clusters:
        for kind in (Post.Kind.COORDINATOR, Post.Kind.BOARD):
            kind_posts = grouped.get((cluster.pk, kind), [])
            amounts = _yearly_amounts(cluster, kind, months, versions, cluster_rules)
            if not kind_posts or amounts is None:
                continue
            if kind == Post.Kind.COORDINATOR:
                # One post, several holders over time: split by whole months.
                seats = [kind_posts]
            else:
                # Each board member is paid for the months they sat, independently.
                by_person: dict[int, list[Post]] = {}
                for post in kind_posts:
                    by_person.setdefault(post.person_id, []).append(post)
                seats = list(by_person.values())
            for seat in seats:
                tenures = [rules.Tenure(p.person_id, p.start, p.end) for p in seat]
                for share in rules.honorarium_shares(amounts, period_start, tenures):
                    rows.append(
                        HonorariumRow(
                            cluster=by_cluster[cluster.pk],
                            person=people[share.holder],
                            kind=kind,
                            share=share,
                            payment=payments.get((cluster.pk, share.holder, kind)),
                        )
                    )
    return rows


def honorarium_period(scheme, year: int) -> tuple[date, date]:
    """The honorarium period that starts in `year` (eKVIS: 1 April – 31 March), from the rulebook."""
    try:
        month = scheme.rulebook_on(date(year, 12, 31)).honorarium_period_start_month
    except RulebookVersion.DoesNotExist:
        month = 1
    start = date(year, month, 1)
    months = rules.period_months(start)
    last = months[-1]
    following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)


def current_period_year(scheme, today: date | None = None) -> int:
    today = today or timezone.localdate()
    start, _end = honorarium_period(scheme, today.year)
    return today.year if today >= start else today.year - 1


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
    lines = []
    if cluster.scheme.is_specialist:
        catering = rules.suggested_catering(
            venues, book.catering_rate, book.catering_rate_outside,
            book.refundable_meetings_per_year,
        )  # fmt: skip
        lines.append(
            (
                BudgetLine.Kind.CATERING,
                _("Lokale og forplejning: %(n)d møder à op til %(people)d speciallæger")
                % {"n": len(venues), "people": doctors},
                catering,
            )
        )
        if book.speaker_cap_per_year:
            lines.append(
                (
                    BudgetLine.Kind.SPEAKERS,
                    _("Eksterne oplæg (årets loft)"),
                    book.speaker_cap_per_year,
                )
            )
        return lines
    patients = listed_patients(cluster, year)
    basis = year
    if not patients:
        patients, basis = listed_patients(cluster, year - 1), year - 1
    income = rules.kiap_income([patients], book.income_per_listed_patient)
    lines.append(
        (
            BudgetLine.Kind.INCOME,
            _("%(n)s tilmeldte gruppe 1-patienter (%(basis)d) × %(rate)s")
            % {
                "n": f"{patients:,}".replace(",", "."),
                "basis": basis,
                "rate": rules.kr(book.income_per_listed_patient),
            },
            income,
        )  # fmt: skip
    )
    # Last year's documented room and catering per held meeting, times this year's meetings.
    last = expenses_by_kind(cluster, year - 1)
    held_last = (
        Meeting.objects.held_in_year(year - 1)
        .filter(cluster=cluster, kind=Meeting.Kind.CLUSTER)
        .count()
    )
    for kind, budget_kind, label in (
        (ExpenseLine.Kind.ROOM, BudgetLine.Kind.MEETINGS, _("Lokaler")),
        (ExpenseLine.Kind.CATERING, BudgetLine.Kind.CATERING, _("Forplejning")),
    ):
        if not held_last or not last.get(kind):
            continue  # no history to go by: the coordinator fills it in
        per_meeting = rules.money(last[kind] / held_last)
        lines.append(
            (
                budget_kind,
                _("%(label)s: %(n)d møder à %(each)s (sidste års gennemsnit)")
                % {"label": label, "n": planned, "each": rules.kr(per_meeting)},
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
                _("Koordinator og bestyrelse efter generalforsamlingens beslutning"),
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
