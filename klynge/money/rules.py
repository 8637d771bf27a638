"""The money rules as plain functions over plain values (Decimal kroner, integer øre, dates).

Nothing here reads the database: callers pass the rates of the rulebook version in force on the
meeting's date (see klynge.money.lookups), so the rules are table-tested like the rulebook reads.
Documented in docs/rules.md with worked examples.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.lib.money import NBSP, ORE, from_ore, kr, to_ore

ZERO = Decimal("0.00")

VIRTUAL = "virtual"
OUTSIDE = "outside"


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(ORE, rounding=ROUND_HALF_UP)


def amount_text(value) -> str:
    """An amount in running text: whole kroner without øre ("8.250 kr."), else "1.499,99 kr."."""
    text = kr(value)
    return text.replace(f",00{NBSP}kr.", f"{NBSP}kr.")


# --- eKVIS: room and catering ------------------------------------------------------------------


def meeting_numbers(meetings: Iterable[tuple]) -> dict[object, int | None]:
    """Each meeting's number among the refundable meetings of its calendar year, in date order.

    `meetings` is (key, date) or (key, date, venue type) tuples; meetings on the same day keep the
    order they were given in. A virtual meeting gets no room and catering refund, so it does not
    take one of the year's refundable meetings: its number is None and the next physical meeting
    keeps its place (rule decision 1 in docs/rules.md).
    """
    numbers: dict[object, int | None] = {}
    per_year: dict[int, int] = {}
    for key, day, *venue in sorted(meetings, key=lambda row: row[1]):
        if venue and venue[0] == VIRTUAL:
            numbers[key] = None
            continue
        per_year[day.year] = per_year.get(day.year, 0) + 1
        numbers[key] = per_year[day.year]
    return numbers


@dataclass(frozen=True)
class CateringRefund:
    """Room and catering for one meeting: min(documented, rate × specialists present)."""

    venue_type: str
    specialists: int
    rate: Decimal | None
    documented: Decimal
    cap: Decimal | None
    refund: Decimal
    meeting_number: int | None = None
    meeting_limit: int | None = None

    @property
    def beyond_meeting_limit(self) -> bool:
        """The 5th meeting of a year (or later): flagged for the secretariat, not refused."""
        return bool(
            self.meeting_limit and self.meeting_number and self.meeting_number > self.meeting_limit
        )

    @property
    def own_cost(self) -> Decimal:
        return self.documented - self.refund

    def in_words(self) -> str:
        """ "11 speciallæger × 750 kr. = 8.250 kr.; dokumenteret 7.900 kr.; refusion 7.900 kr." """
        if self.venue_type == VIRTUAL:
            return _(
                "Virtuelt møde: ingen refusion af lokale og forplejning; dokumenteret %(doc)s; "
                "refusion %(refund)s"
            ) % {"doc": amount_text(self.documented), "refund": amount_text(self.refund)}
        if self.rate is None:
            return _("Dokumenteret %(doc)s; refusion %(refund)s") % {
                "doc": amount_text(self.documented),
                "refund": amount_text(self.refund),
            }
        people = ngettext("%(n)d speciallæge", "%(n)d speciallæger", self.specialists) % {
            "n": self.specialists
        }
        text = _("%(people)s × %(rate)s = %(cap)s; dokumenteret %(doc)s; refusion %(refund)s") % {
            "people": people,
            "rate": amount_text(self.rate),
            "cap": amount_text(self.cap),
            "doc": amount_text(self.documented),
            "refund": amount_text(self.refund),
        }
        if self.beyond_meeting_limit:
            text += " " + _(
                "Mødet er årets %(n)d. afholdte møde; kun de første %(limit)d refunderes."
            ) % {"n": self.meeting_number, "limit": self.meeting_limit}
        return text


def catering_refund(
    *,
    venue_type: str,
    specialists_present: int,
    documented: Decimal,
    rate: Decimal | None,
    rate_outside: Decimal | None,
    meeting_number: int | None = None,
    refundable_meetings: int | None = None,
) -> CateringRefund:
    """eKVIS room and catering refund for one meeting.

    rate × specialists present (rate_outside when held "ude i byen"), capped by the documented
    cost; nothing for a virtual meeting or beyond the year's refundable meetings. With no rate in
    the rulebook (KiAP/PLO), the documented cost is refunded from the cluster's account.
    """
    documented = money(documented)
    if specialists_present < 0:
        raise ValueError("specialists_present must not be negative")
    limit_hit = bool(
        refundable_meetings and meeting_number and meeting_number > refundable_meetings
    )
    if venue_type == VIRTUAL:
        return CateringRefund(
            venue_type, specialists_present, None, documented, ZERO, ZERO,
            meeting_number, refundable_meetings,
        )  # fmt: skip
    if rate is None:
        return CateringRefund(
            venue_type, specialists_present, None, documented, None, documented,
            meeting_number, refundable_meetings,
        )  # fmt: skip
    applied = money(rate_outside if venue_type == OUTSIDE and rate_outside is not None else rate)
    cap = money(applied * specialists_present)
    refund = ZERO if limit_hit else min(documented, cap)
    return CateringRefund(
        venue_type, specialists_present, applied, documented, cap, refund,
        meeting_number, refundable_meetings,
    )  # fmt: skip


# --- eKVIS: the yearly pot for speakers, their transport and other costs ------------------------


@dataclass(frozen=True)
class PotClaim:
    """One claim's costs under the pot (speakers, transport, other), in the claim's line order."""

    key: object
    day: date
    costs: tuple[Decimal, ...]
    rejected: bool = False


@dataclass(frozen=True)
class PotShare:
    """What one claim takes of its year's pot: line by line, after the earlier meetings."""

    costs: tuple[Decimal, ...]
    cap: Decimal | None
    used_before: Decimal
    refunds: tuple[Decimal, ...]

    @property
    def documented(self) -> Decimal:
        return sum(self.costs, ZERO)

    @property
    def refund(self) -> Decimal:
        return sum(self.refunds, ZERO)

    @property
    def own_cost(self) -> Decimal:
        return self.documented - self.refund

    @property
    def spent(self) -> bool:
        """The pot did not cover all of this claim's costs."""
        return self.cap is not None and self.refund < self.documented

    @property
    def left_after(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.used_before - self.refund

    def in_words(self) -> str:
        values = {
            "doc": amount_text(self.documented),
            "refund": amount_text(self.refund),
        }
        if self.cap is None:
            return (
                _("Oplæg, transport og andet: dokumenteret %(doc)s; refusion %(refund)s") % values
            )
        text = _(
            "Oplæg, transport og andet: dokumenteret %(doc)s; årets pulje %(cap)s, heraf brugt "
            "%(used)s før dette møde; refusion %(refund)s"
        ) % {**values, "cap": amount_text(self.cap), "used": amount_text(self.used_before)}
        if self.own_cost:
            text += " " + _("Klyngens egen udgift: %(own)s") % {"own": amount_text(self.own_cost)}
        return text


def pot_refunds(costs: Sequence[Decimal], cap: Decimal | None, used: Decimal = ZERO) -> list:
    """Line by line, what the pot refunds when `used` of it is already taken."""
    result = []
    for cost in costs:
        cost = money(cost)
        if cost < 0:
            raise ValueError("a cost must not be negative")
        refund = cost if cap is None else max(ZERO, min(cost, money(cap) - used))
        result.append(refund)
        used += refund
    return result


def pot_shares(claims: Iterable[PotClaim], cap: Decimal | None) -> dict[object, PotShare]:
    """The yearly pot ("udgifter til fx eksterne oplæg med op til 10.000 kr. pr. år") shared by
    the claims of each calendar year in meeting date order, line by line (rule decision 2).

    A rejected claim is shown what is left at its place but takes nothing: the later claims get
    its share. Claims on the same day keep the order they were given in. No cap: all is refunded.
    """
    shares: dict[object, PotShare] = {}
    used: dict[int, Decimal] = {}
    limit = None if cap is None else money(cap)
    for claim in sorted(claims, key=lambda c: c.day):
        before = used.get(claim.day.year, ZERO)
        costs = tuple(money(c) for c in claim.costs)
        refunds = tuple(pot_refunds(costs, limit, before))
        shares[claim.key] = PotShare(costs, limit, before, refunds)
        if not claim.rejected:
            used[claim.day.year] = before + sum(refunds, ZERO)
    return shares


def pot_left(cap: Decimal | None, used: Decimal) -> Decimal | None:
    """What is left of the year's pot (None when the rulebook sets no cap)."""
    if cap is None:
        return None
    return max(ZERO, money(cap) - money(used))


# --- Headroom before a meeting -----------------------------------------------------------------


def catering_headroom(
    *,
    venue_type: str,
    expected_specialists: int,
    rate: Decimal | None,
    rate_outside: Decimal | None,
) -> Decimal | None:
    """How much may be spent on room and catering and still be refunded in full."""
    if venue_type == VIRTUAL:
        return ZERO
    if rate is None:
        return None
    applied = rate_outside if venue_type == OUTSIDE and rate_outside is not None else rate
    return money(applied * expected_specialists)


# --- KiAP/PLO: the cluster's account -----------------------------------------------------------


def kiap_income(listed_patients: Iterable[int], rate: Decimal | None) -> Decimal:
    """Income paid in on 1 March: listed group-1 patients of the member clinics × the year's rate."""
    if rate is None:
        return ZERO
    return money(sum(int(n) for n in listed_patients) * money(rate))


def account_balance(
    *, income: Decimal, carried_over: Decimal, approved_expenses: Decimal
) -> Decimal:
    """The cluster's balance at PLO: income + carried-over balance − approved expenses."""
    return money(income) + money(carried_over) - money(approved_expenses)


def exceeds_balance(claim_amount: Decimal, balance: Decimal) -> bool:
    """A claim beyond the balance is warned about (not refused: PLO decides)."""
    return money(claim_amount) > money(balance)


# --- Honorarium --------------------------------------------------------------------------------


def period_months(period_start: date, months: int = 12) -> list[date]:
    """The first day of each month of the period, e.g. 1 April … 1 March."""
    result = []
    year, month = period_start.year, period_start.month
    for _i in range(months):
        result.append(date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return result


def period_start_for(on: date, start_month: int) -> date:
    """The first day of the honorarium period that contains `on`."""
    year = on.year if on.month >= start_month else on.year - 1
    return date(year, start_month, 1)


@dataclass(frozen=True)
class Tenure:
    """Someone holding a post from `start` to `end` (inclusive; None = still holding it)."""

    holder: object
    start: date
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass
class Share:
    holder: object
    months: list[date] = field(default_factory=list)
    ore: int = 0

    @property
    def amount(self) -> Decimal:
        return from_ore(self.ore)

    @property
    def month_count(self) -> int:
        return len(self.months)


def month_holders(period_start: date, tenures: Iterable[Tenure], months: int = 12) -> dict:
    """Who held the post on the first day of each month (None: vacant). On a day with two holders
    (the old one's last day is the new one's first), the one who started last holds the month."""
    tenures = list(tenures)
    result = {}
    for first in period_months(period_start, months):
        holding = [t for t in tenures if t.holds_on(first)]
        result[first] = max(holding, key=lambda t: t.start).holder if holding else None
    return result


def largest_remainder(exact: Sequence[Fraction], total: int) -> list[int]:
    """Whole øre per share, adding up to `total`: floors first, then one øre each to the largest
    remainders (ties to the earlier share)."""
    floors = [int(value // 1) for value in exact]
    left = total - sum(floors)
    if left < 0 or left > len(exact):
        raise ValueError("total does not fit the exact shares")
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def round_half_up(value: Fraction) -> int:
    return int((value * 2 + 1) // 2)


def honorarium_shares(
    amount: Decimal | Sequence[Decimal],
    period_start: date,
    tenures: Iterable[Tenure | tuple],
    months: int = 12,
) -> list[Share]:
    """Split a yearly honorarium by whole months of the period.

    Each month belongs to whoever held the post on its first day; a month with no holder is not
    paid. `amount` is the yearly amount, or one yearly amount per month (when the rulebook changes
    within the period). The total is amount × covered months / 12 rounded to the øre, and the
    shares are rounded by the largest-remainder method so that they add up to it exactly.
    Holders come out in the order they first held the post.
    """
    held = [t if isinstance(t, Tenure) else Tenure(*t) for t in tenures]
    firsts = period_months(period_start, months)
    if isinstance(amount, Sequence) and not isinstance(amount, str | Decimal):
        yearly = [Decimal(str(a)) for a in amount]
        if len(yearly) != months:
            raise ValueError("one yearly amount per month of the period")
    else:
        yearly = [Decimal(str(amount))] * months
    holders = month_holders(period_start, held, months)
    shares: dict[object, Share] = {}
    exact: dict[object, Fraction] = {}
    for first, year_amount in zip(firsts, yearly, strict=True):
        holder = holders[first]
        if holder is None:
            continue
        share = shares.setdefault(holder, Share(holder))
        share.months.append(first)
        exact[holder] = exact.get(holder, Fraction(0)) + Fraction(to_ore(year_amount), 12)
    ordered = list(shares.values())
    values = [exact[share.holder] for share in ordered]
    total = round_half_up(sum(values, Fraction(0)))
    for share, ore in zip(ordered, largest_remainder(values, total), strict=True):
        share.ore = ore
    return ordered


# --- Budget suggestion -------------------------------------------------------------------------


def suggested_catering(
    meetings: Iterable[tuple[str, int]],
    rate: Decimal | None,
    rate_outside: Decimal | None,
    refundable_meetings: int | None = None,
) -> Decimal:
    """Room and catering for the year's planned meetings (venue type, expected specialists), at the
    rulebook's rates and within its number of refundable meetings."""
    total = ZERO
    counted = 0
    for venue_type, expected in meetings:
        if venue_type == VIRTUAL:
            continue  # no catering refund, and not one of the refundable meetings
        counted += 1
        if refundable_meetings and counted > refundable_meetings:
            break
        headroom = catering_headroom(
            venue_type=venue_type, expected_specialists=expected, rate=rate,
            rate_outside=rate_outside,
        )  # fmt: skip
        total += headroom or ZERO
    return total
