"""What the rules give now: a claim's refund with its flags, and the headroom before meetings.

Reads only. `Figures` loads what the rules need for many claims at once (the secretariat's inbox
assesses every waiting claim in a fixed number of queries); `assess(claim)` is the one-claim case.
The rules themselves are in klynge.money.rules (docs/rules.md).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.models import ClinicAffiliation, Cluster
from klynge.meetings.models import Invitation, Meeting
from klynge.money import rules
from klynge.money.lookups import (
    PRESENT_DOCTOR,
    Versions,
    account_statuses,
    expected_specialists,
    local_date,
)
from klynge.money.models import Claim, ExpenseLine
from klynge.money.rules import ZERO

# --- Loading for many claims -----------------------------------------------------------------------


def in_years(field: str, years) -> Q:
    """`field__year__in=years` as Django can run it on the column: one `field__year` per year,
    each a range in the current time zone (an `__in` of years makes the database compute every
    row's year; on SQLite that is a Python call per row)."""
    found = Q(pk__in=[])
    for year in sorted(years):
        found |= Q(**{f"{field}__year": year})
    return found


def pot_claims(clusters, years, lines=None) -> dict[tuple[int, int], list[rules.PotClaim]]:
    """Each (cluster, year)'s claims with their pot costs (speakers, transport, other), in meeting
    date order; rejected claims are marked and give their share back. Two queries. `lines`, a
    dict, is filled with every claim's lines of all kinds (the same second query)."""
    if not clusters or not years:
        return {}
    claims = list(  # the meetings' cluster too: the database then reads these clusters'
        Claim.objects.filter(  # meetings, not every meeting of the year (a claim's is its own)
            in_years("meeting__start", years),
            cluster_id__in=clusters,
            meeting__cluster_id__in=clusters,
        )
        .order_by("meeting__start", "pk")
        .values_list("pk", "cluster_id", "meeting__start", "status")
    )
    found = ExpenseLine.objects.filter(claim_id__in=[row[0] for row in claims])
    costs: dict[int, list[Decimal]] = {}
    if lines is None:
        pot = found.filter(kind__in=ExpenseLine.POT).order_by("date", "pk")
        for claim_id, amount in pot.values_list("claim_id", "amount"):
            costs.setdefault(claim_id, []).append(amount)
    else:
        for line in found.order_by("date", "pk"):
            lines.setdefault(line.claim_id, []).append(line)
            if line.kind in ExpenseLine.POT:
                costs.setdefault(line.claim_id, []).append(line.amount)
    result: dict[tuple[int, int], list[rules.PotClaim]] = {}
    for pk, cluster_id, start, status in claims:
        day = local_date(start)
        result.setdefault((cluster_id, day.year), []).append(
            rules.PotClaim(pk, day, tuple(costs.get(pk, ())), status == Claim.Status.REJECTED)
        )
    return result


def pot_claims_in_year(cluster: Cluster, year: int) -> list[rules.PotClaim]:
    return pot_claims({cluster.pk}, {year}).get((cluster.pk, year), [])


def present_specialists(meeting_ids) -> dict[int, int]:
    """Owner and employed doctors marked present, per meeting (not staff, not doctors in training)."""
    rows = (
        Invitation.objects.filter(PRESENT_DOCTOR, meeting_id__in=meeting_ids)
        .values_list("meeting_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def specialists_present(meeting: Meeting) -> int:
    return present_specialists([meeting.pk]).get(meeting.pk, 0)


def held_meetings(clusters, years) -> dict[int, list[tuple]]:
    """Each cluster's held cluster meetings of the years: (pk, day, venue type), in date order."""
    result: dict[int, list[tuple]] = {}
    if not clusters or not years:
        return result
    for pk, cluster_id, start, venue in (
        Meeting.objects.filter(
            cluster_id__in=clusters,
            kind=Meeting.Kind.CLUSTER,
            status__in=Meeting.HELD_STATUSES,
        )
        .filter(in_years("start", years))
        .order_by("start", "pk")
        .values_list("pk", "cluster_id", "start", "venue_type")
    ):
        result.setdefault(cluster_id, []).append((pk, local_date(start), venue))
    return result


class Figures:
    """What the rules need to assess claims, loaded for many claims at once: six queries whatever
    the number of claims (five when the claims come with `specialists_present`, see
    lookups.submitted_claims), plus the KiAP clusters' account statuses for each year (one call
    for them all: cached, klynge/lib/derived.py)."""

    def __init__(self, claims, versions=None, lines=None):
        """`versions`: the schemes' rulebooks when already fetched; `lines`: see `pot_claims`."""
        claims = list(claims)
        self.versions = versions or Versions({claim.cluster.scheme_id for claim in claims})
        if all(hasattr(claim, "specialists_present") for claim in claims):  # annotated
            self.present = {claim.meeting_id: claim.specialists_present for claim in claims}
        else:
            self.present = present_specialists([claim.meeting_id for claim in claims])
        clusters = {claim.cluster_id for claim in claims}
        years = {local_date(c.meeting.start).year for c in claims if c.meeting.start}
        self.held = held_meetings(clusters, years)
        self.pot = pot_claims(clusters, years, lines)
        self.balances: dict[tuple[int, int], Decimal] = {}
        self.claims = claims

    def meeting_number(self, meeting: Meeting) -> int | None:
        """The meeting's number among the cluster's held physical meetings of its calendar year
        (a virtual meeting has none: it does not take one of the refundable meetings)."""
        if not meeting.start:
            return None
        rows = list(self.held.get(meeting.cluster_id, []))
        if meeting.is_held and meeting.pk not in {row[0] for row in rows}:
            rows.append((meeting.pk, local_date(meeting.start), meeting.venue_type))
        return rules.meeting_numbers(rows).get(meeting.pk)

    def pot_share(self, claim: Claim, lines, day: date, cap: Decimal | None) -> rules.PotShare:
        """This claim's share of its year's pot, with its own lines as they are now."""
        mine = rules.PotClaim(
            claim.pk,
            day,
            tuple(line.amount for line in lines if line.kind in ExpenseLine.POT),
            claim.status == Claim.Status.REJECTED,
        )
        year = [c for c in self.pot.get((claim.cluster_id, day.year), []) if c.key != claim.pk]
        later = next((i for i, c in enumerate(year) if c.day > day), len(year))
        year.insert(later, mine)
        return rules.pot_shares(year, cap)[claim.pk]

    def balance(self, cluster: Cluster, year: int) -> Decimal:
        """The KiAP cluster's balance; asked for once, every KiAP cluster's of the claims for the
        year is read (the account statuses' cache: two queries while none of them changed)."""
        if (cluster.pk, year) not in self.balances:
            kiap = {
                c.cluster_id: c.cluster for c in self.claims if not c.cluster.scheme.is_specialist
            }
            kiap.setdefault(cluster.pk, cluster)
            statuses = account_statuses(list(kiap.values()), year)
            self.balances.update({(pk, year): status.balance for pk, status in statuses.items()})
        return self.balances[cluster.pk, year]

    def rulebook(self, cluster: Cluster, day: date):
        return self.versions.on(cluster.scheme_id, day) or cluster.rulebook_on(day)


# --- One claim -------------------------------------------------------------------------------------


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

    @property
    def at_submission(self) -> Decimal | None:
        """What the rules gave when the claim was last submitted (None for a draft)."""
        if self.claim.status in Claim.EDITABLE or self.claim.submitted_at is None:
            return None
        return self.claim.computed_refund

    @property
    def changed(self) -> bool:
        """The rules give another amount now than at submission."""
        return self.at_submission is not None and self.at_submission != self.refund

    @property
    def flags(self) -> list[str]:
        """Short labels for the inbox and the claim: what the secretariat must look at."""
        found = []
        if self.beyond_meeting_limit:
            found.append(
                _("Årets %(n)d. møde (højst %(limit)d refunderes)")
                % {"n": self.catering.meeting_number, "limit": self.catering.meeting_limit}
            )
        if self.pot_spent:
            found.append(_("Årets pulje er brugt op"))
        if self.balance_short:
            found.append(_("Saldoen rækker ikke"))
        if self.changed:
            found.append(_("Tallene er ændret siden indsendelsen"))
        return found

    def in_words(self) -> list[str]:
        lines = [_("Lokale og forplejning: %(text)s") % {"text": self.catering.in_words()}]
        if self.pot.documented:
            lines.append(self.pot.in_words())
        lines.append(_("Refusion i alt: %(refund)s") % {"refund": rules.amount_text(self.refund)})
        return lines


def assess(claim: Claim, lines=None, figures: Figures | None = None) -> Assessment:
    """What the rules give for the claim now. `lines`: the claim's lines if already fetched;
    `figures`: loaded for many claims at once (see assess_many)."""
    figures = figures or Figures([claim])
    meeting = claim.meeting
    cluster = claim.cluster
    day = local_date(meeting.start) if meeting.start else timezone.localdate()
    book = figures.rulebook(cluster, day)
    lines = list(claim.lines.all()) if lines is None else lines
    room_catering = sum(
        (line.amount for line in lines if line.kind in ExpenseLine.ROOM_AND_CATERING), ZERO
    )
    number = figures.meeting_number(meeting) if book.refundable_meetings_per_year else None
    catering = rules.catering_refund(
        venue_type=meeting.venue_type,
        specialists_present=figures.present.get(meeting.pk, 0),
        documented=room_catering,
        rate=book.catering_rate,
        rate_outside=book.catering_rate_outside,
        meeting_number=number,
        refundable_meetings=book.refundable_meetings_per_year,
    )
    pot = figures.pot_share(claim, lines, day, book.speaker_cap_per_year)
    assessment = Assessment(
        claim=claim, documented=room_catering + pot.documented, catering=catering, pot=pot
    )
    assessment.warnings = warnings(assessment, meeting, lines)
    if not cluster.scheme.is_specialist:
        check_balance(assessment, figures.balance(cluster, day.year))
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


def assess_many(claims, versions=None) -> dict[int, Assessment]:
    """Every claim assessed now, in a fixed number of queries: fetch the claims with
    `select_related("meeting", "cluster__scheme")`; their lines come with the year's pot (or
    as prefetched). `versions`: the schemes' rulebooks when the caller has them."""
    claims = list(claims)
    lines: dict[int, list[ExpenseLine]] = {}
    figures = Figures(claims, versions, lines)
    own = {}
    for claim in claims:
        if "lines" in getattr(claim, "_prefetched_objects_cache", {}):
            own[claim.pk] = list(claim.lines.all())
        elif claim.pk in lines or claim.meeting.start:  # a claim in the pot's years
            own[claim.pk] = lines.get(claim.pk, [])
        else:
            own[claim.pk] = list(claim.lines.all())
    return {claim.pk: assess(claim, own[claim.pk], figures) for claim in claims}


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
        Meeting.objects.filter(in_years("start", years), cluster=cluster, kind=Meeting.Kind.CLUSTER)
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
