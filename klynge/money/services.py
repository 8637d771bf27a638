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
    """The meeting's number among the cluster's held physical meetings of its calendar year
    (a virtual meeting has none: it does not take one of the refundable meetings)."""
    if not meeting.start:
        return None
    year = local_date(meeting.start).year
    held = Meeting.objects.held_in_year(year).filter(
        cluster_id=meeting.cluster_id, kind=Meeting.Kind.CLUSTER
    )
    rows = list(held.values_list("pk", "start", "venue_type").order_by("start", "pk"))
    if meeting.is_held and meeting.pk not in {row[0] for row in rows}:
        rows.append((meeting.pk, meeting.start, meeting.venue_type))
    return rules.meeting_numbers(rows).get(meeting.pk)


def pot_claims_in_year(cluster: Cluster, year: int) -> list[rules.PotClaim]:
    """The year's claims with their pot costs (speakers, transport, other), in meeting date order;
    rejected claims are marked and give their share back. Two queries."""
    claims = list(
        Claim.objects.in_year(year)
        .filter(cluster=cluster)
        .order_by("meeting__start", "pk")
        .values_list("pk", "meeting__start", "status")
    )
    costs: dict[int, list[Decimal]] = {}
    for claim_id, amount in (
        ExpenseLine.objects.filter(claim__cluster=cluster, claim__meeting__start__year=year)
        .filter(kind__in=ExpenseLine.POT)
        .order_by("date", "pk")
        .values_list("claim_id", "amount")
    ):
        costs.setdefault(claim_id, []).append(amount)
    return [
        rules.PotClaim(
            pk, local_date(start), tuple(costs.get(pk, ())), status == Claim.Status.REJECTED
        )
        for pk, start, status in claims
    ]


def pot_share(claim: Claim, lines, day: date, cap: Decimal | None) -> rules.PotShare:
    """This claim's share of its year's pot, with its own lines as they are now."""
    mine = rules.PotClaim(
        claim.pk,
        day,
        tuple(line.amount for line in lines if line.kind in ExpenseLine.POT),
        claim.status == Claim.Status.REJECTED,
    )
    year = [c for c in pot_claims_in_year(claim.cluster, day.year) if c.key != claim.pk]
    later = next((i for i, c in enumerate(year) if c.day > day), len(year))
    year.insert(later, mine)
    return rules.pot_shares(year, cap)[claim.pk]


@dataclass
class Assessment:
    """What the rules give for one claim, with the reasons in words and the flags."""

    claim: Claim
    documented: Decimal
    catering: rules.CateringRefund
    pot: rules.PotShare
    warnings: list[str] = field(default_factory=list)
    balance: Decimal | None = None
    balance_short: bool = False

    @property
    def refund(self) -> Decimal:
        return self.catering.refund + self.pot.refund

    @property
    def own_cost(self) -> Decimal:
        return self.documented - self.refund

    @property
    def beyond_meeting_limit(self) -> bool:
        return self.catering.beyond_meeting_limit

    @property
    def pot_spent(self) -> bool:
        return self.pot.spent

    def in_words(self) -> list[str]:
        lines = [_("Lokale og forplejning: %(text)s") % {"text": self.catering.in_words()}]
        if self.pot.documented:
            lines.append(self.pot.in_words())
        lines.append(_("Refusion i alt: %(refund)s") % {"refund": rules.amount_text(self.refund)})
        return lines


def assess(claim: Claim, lines=None) -> Assessment:
    meeting = claim.meeting
    cluster = claim.cluster
    day = local_date(meeting.start) if meeting.start else timezone.localdate()
    book = cluster.rulebook_on(day)
    lines = list(claim.lines.all()) if lines is None else lines
    room_catering = sum(
        (line.amount for line in lines if line.kind in ExpenseLine.ROOM_AND_CATERING), ZERO
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
    pot = pot_share(claim, lines, day, book.speaker_cap_per_year)
    assessment = Assessment(
        claim=claim, documented=room_catering + pot.documented, catering=catering, pot=pot
    )
    assessment.warnings = warnings(assessment, meeting, lines)
    if not cluster.scheme.is_specialist:
        check_balance(assessment, account_status(cluster, day.year).balance)
    return assessment


def warnings(assessment: Assessment, meeting: Meeting, lines) -> list[str]:
    found = []
    catering = assessment.catering
    if catering.beyond_meeting_limit:
        found.append(
            _(
                "Mødet er årets %(n)d. afholdte møde. Regelsættet refunderer lokale og forplejning "
                "for højst %(limit)d møder om året; kravet kan indsendes, men sekretariatet afgør det."
            )
            % {"n": catering.meeting_number, "limit": catering.meeting_limit}
        )
    if assessment.pot_spent:
        found.append(
            _(
                "Årets pulje til oplæg, transport og andet (%(cap)s) er brugt op; %(own)s er "
                "klyngens egen udgift."
            )
            % {"cap": rules.kr(assessment.pot.cap), "own": rules.kr(assessment.pot.own_cost)}
        )
    if not meeting.is_held:
        found.append(_("Mødet er ikke registreret som afholdt endnu."))
    if any(not line.receipt for line in lines):
        found.append(_("En eller flere udgifter mangler bilag."))
    return found


def check_balance(assessment: Assessment, balance: Decimal) -> None:
    """KiAP/PLO: a claim larger than the cluster's balance is warned about (PLO decides)."""
    claim = assessment.claim
    assessment.balance = balance
    pending = ZERO if claim.status in Claim.ACCEPTED else assessment.refund
    if rules.exceeds_balance(pending, balance):
        assessment.balance_short = True
        assessment.warnings.append(
            _("Kravet på %(amount)s er større end klyngens saldo hos PLO (%(balance)s).")
            % {"amount": rules.kr(pending), "balance": rules.kr(balance)}
        )


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


def pot_used(cluster: Cluster, year: int, cap: Decimal | None) -> Decimal:
    """How much of the year's pot the year's claims (all but rejected ones) take."""
    claims = pot_claims_in_year(cluster, year)
    shares = rules.pot_shares(claims, cap)
    return sum((shares[c.key].refund for c in claims if not c.rejected), ZERO)


@dataclass
class Headroom:
    meeting: Meeting
    expected: int
    expected_source: str
    catering: Decimal | None
    rate: Decimal | None
    beyond_limit: bool
    number: int | None = None


def planned_numbers(cluster: Cluster, years) -> dict[int, int | None]:
    """Each planned or held meeting's number among the refundable meetings of its year: the same
    rule as for a claim (date order, a virtual meeting not counted), over planned meetings too."""
    rows = (
        Meeting.objects.filter(cluster=cluster, kind=Meeting.Kind.CLUSTER, start__year__in=years)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
        .values_list("pk", "start", "venue_type")
    )
    return rules.meeting_numbers((pk, local_date(start), venue) for pk, start, venue in rows)


def expected_of(meeting: Meeting, doctors: int) -> tuple[int, str]:
    if meeting.yes_doctors:
        return meeting.yes_doctors, _("har meldt sig til")
    if meeting.expected_count:
        return meeting.expected_count, _("forventet antal deltagere")
    return doctors, _("speciallæger i klyngens klinikker")


def headroom(cluster: Cluster, now=None) -> tuple[list[Headroom], Decimal | None, Decimal | None]:
    """For each upcoming meeting: how much room and catering will be refunded in full, for how many
    expected specialists; and what is left of this year's pot. A constant number of queries."""
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
    doctors = expected_specialists(cluster, today)
    years = {local_date(m.start).year for m in meetings if m.start}
    numbers = planned_numbers(cluster, years) if years else {}
    versions = Versions([cluster.scheme_id])
    result = []
    for meeting in meetings:
        day = local_date(meeting.start) if meeting.start else today
        book = versions.on(cluster.scheme_id, day)
        expected, source = expected_of(meeting, doctors)
        amount = rate = limit = None
        if book is not None:
            limit = book.refundable_meetings_per_year
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
        number = numbers.get(meeting.pk)
        beyond = bool(limit and number and number > limit)
        if beyond:
            amount = ZERO
        result.append(Headroom(meeting, expected, source, amount, rate, beyond, number))
    book = versions.on(cluster.scheme_id, today)
    cap = book.speaker_cap_per_year if book else None
    left = rules.pot_left(cap, pot_used(cluster, today.year, cap)) if cap else None
    return result, cap, left


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
                    _("Eksterne oplæg, transport og andet (årets pulje)"),
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
