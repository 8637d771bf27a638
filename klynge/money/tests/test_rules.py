"""The money rules, table by table, as the rulebook reads. Plain values: no database."""

from datetime import date
from decimal import Decimal
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klynge.lib.tests.amounts import nb
from klynge.money import rules
from klynge.money.rules import ZERO, PotShare, Tenure

# eKVIS 2022 rulebook: 500 kr per specialist, 750 kr "ude i byen", 4 meetings, 10,000 kr speakers.
RATE, OUTSIDE, MEETINGS, SPEAKERS = D("500.00"), D("750.00"), 4, D("10000.00")


# --- Room and catering: min(documented, rate × specialists present) ----------------------------

CATERING = [
    # venue, specialists, documented, meeting no., refund, why
    ("outside", 11, "7900.00", 1, "7900.00", "below the cap: documented cost"),
    ("outside", 11, "9000.00", 1, "8250.00", "above the cap: 11 × 750"),
    ("clinic", 11, "9000.00", 1, "5500.00", "in a clinic: 11 × 500"),
    ("clinic", 6, "3000.00", 2, "3000.00", "exactly the cap"),
    ("virtual", 11, "1200.00", 1, "0.00", "virtual meeting: no catering refund"),
    ("outside", 0, "2500.00", 1, "0.00", "zero attendees: nothing"),
    ("outside", 11, "0.00", 1, "0.00", "nothing documented: nothing"),
    ("outside", 11, "9000.00", 4, "8250.00", "the 4th meeting is refundable"),
    ("outside", 11, "9000.00", 5, "0.00", "the 5th meeting is flagged, not refunded"),
    ("clinic", 3, "1499.99", 1, "1499.99", "øre kept exactly"),
]


@pytest.mark.parametrize(("venue", "people", "documented", "number", "refund", "why"), CATERING)
def test_catering_refund(venue, people, documented, number, refund, why):
    result = rules.catering_refund(
        venue_type=venue,
        specialists_present=people,
        documented=D(documented),
        rate=RATE,
        rate_outside=OUTSIDE,
        meeting_number=number,
        refundable_meetings=MEETINGS,
    )
    assert result.refund == D(refund), why
    assert result.own_cost == D(documented) - D(refund)
    assert result.beyond_meeting_limit == (number > MEETINGS)


def test_the_rule_in_words():
    result = rules.catering_refund(
        venue_type="outside", specialists_present=11, documented=D("7900"), rate=RATE,
        rate_outside=OUTSIDE,
    )  # fmt: skip
    assert result.in_words() == (
        nb("11 speciallæger × 750 kr. = 8.250 kr.; dokumenteret 7.900 kr.; refusion 7.900 kr.")
    )


def test_the_fifth_meeting_is_explained():
    result = rules.catering_refund(
        venue_type="clinic", specialists_present=1, documented=D("400"), rate=RATE,
        rate_outside=OUTSIDE, meeting_number=5, refundable_meetings=4,
    )  # fmt: skip
    assert result.in_words().startswith(nb("1 speciallæge × 500 kr. = 500 kr."))
    assert "årets 5. afholdte møde; kun de første 4 refunderes" in result.in_words()


def test_without_a_rate_the_documented_cost_is_paid_from_the_account():
    """KiAP/PLO has no per-person rate in its rulebook: the documented cost is the claim."""
    result = rules.catering_refund(
        venue_type="outside", specialists_present=30, documented=D("6123.45"), rate=None,
        rate_outside=None,
    )  # fmt: skip
    assert result.refund == D("6123.45")


def test_a_rulebook_changing_mid_year_uses_the_rate_of_the_meeting_date():
    """The caller passes the version in force on each meeting's date: same year, two rates."""
    spring = rules.catering_refund(
        venue_type="clinic", specialists_present=10, documented=D("9999"), rate=D("500"),
        rate_outside=D("750"),
    )  # fmt: skip
    autumn = rules.catering_refund(
        venue_type="clinic", specialists_present=10, documented=D("9999"), rate=D("550"),
        rate_outside=D("800"),
    )  # fmt: skip
    assert (spring.refund, autumn.refund) == (D("5000.00"), D("5500.00"))


def test_meeting_numbers_count_within_each_calendar_year():
    held = [
        ("a", date(2026, 2, 1)),
        ("e", date(2027, 1, 5)),
        ("b", date(2026, 3, 1)),
        ("c", date(2026, 5, 1)),
        ("d", date(2026, 9, 1)),
        ("f", date(2026, 11, 1)),
    ]
    assert rules.meeting_numbers(held) == {"a": 1, "b": 2, "c": 3, "d": 4, "f": 5, "e": 1}


# --- Rule decision 1: a virtual meeting is not one of the year's refundable meetings -----------

V, C, OUT = "virtual", "clinic", "outside"
VIRTUAL_NUMBERS = [
    # venue types of the year's meetings in date order, their numbers
    ("virtual as the 1st meeting", [V, OUT, C, OUT, C], [None, 1, 2, 3, 4]),
    ("virtual as the 5th meeting", [OUT, C, OUT, C, V], [1, 2, 3, 4, None]),
    (
        "virtual in the middle: the 5th physical is beyond",
        [OUT, V, C, OUT, C, OUT],
        [1, None, 2, 3, 4, 5],
    ),
    ("only virtual meetings", [V, V], [None, None]),
    ("no virtual meeting: the 5th is beyond", [OUT, OUT, OUT, OUT, OUT], [1, 2, 3, 4, 5]),
]


@pytest.mark.parametrize(
    ("why", "venues", "numbers"), VIRTUAL_NUMBERS, ids=[v[0] for v in VIRTUAL_NUMBERS]
)
def test_a_virtual_meeting_takes_no_refundable_place(why, venues, numbers):
    meetings = [(i, date(2026, 1 + i, 10), venue) for i, venue in enumerate(venues)]
    result = rules.meeting_numbers(meetings)
    assert [result[i] for i in range(len(venues))] == numbers


@pytest.mark.parametrize(
    ("why", "venues", "numbers"), VIRTUAL_NUMBERS, ids=[v[0] for v in VIRTUAL_NUMBERS]
)
def test_refunds_follow_the_numbers(why, venues, numbers):
    """Each meeting: 4 specialists in a clinic/outside, 5.000 kr. documented."""
    refunds = [
        rules.catering_refund(
            venue_type=venue, specialists_present=4, documented=D("5000"), rate=RATE,
            rate_outside=OUTSIDE, meeting_number=number, refundable_meetings=MEETINGS,
        ).refund
        for venue, number in zip(venues, numbers, strict=True)
    ]  # fmt: skip
    expected = [
        D("0.00")
        if venue == V or number > MEETINGS
        else (D("3000.00") if venue == OUT else D("2000.00"))
        for venue, number in zip(venues, numbers, strict=True)
    ]
    assert refunds == expected


def test_a_virtual_meeting_is_never_flagged_beyond_the_limit():
    result = rules.catering_refund(
        venue_type="virtual", specialists_present=9, documented=D("300"), rate=RATE,
        rate_outside=OUTSIDE, meeting_number=None, refundable_meetings=MEETINGS,
    )  # fmt: skip
    assert (result.refund, result.beyond_meeting_limit) == (D("0.00"), False)


def test_the_budget_suggestion_skips_virtual_meetings():
    """4 physical meetings are budgeted even when a virtual one comes first."""
    meetings = [("virtual", 10), ("clinic", 10), ("clinic", 10), ("clinic", 10), ("clinic", 10),
                ("clinic", 10)]  # fmt: skip
    assert rules.suggested_catering(meetings, RATE, OUTSIDE, MEETINGS) == D("20000.00")


# --- Rule decision 2: one yearly pot for speakers, transport and other costs --------------------

POT = D("10000.00")


def pot(*claims, cap=POT):
    """claims: (key, month, [costs], rejected?) → {key: ([line refunds], used before)}."""
    given_ = [
        rules.PotClaim(key, date(2026, month, 1), tuple(D(c) for c in costs), *rest)
        for key, month, costs, *rest in claims
    ]
    shares = rules.pot_shares(given_, cap)
    return {key: ([str(r) for r in s.refunds], str(s.used_before)) for key, s in shares.items()}


POT_TABLE = [
    (
        "two meetings share the pot in date order",
        [("feb", 2, ["6000"]), ("sep", 9, ["6000"])],
        {"feb": (["6000.00"], "0.00"), "sep": (["4000.00"], "6000.00")},
    ),
    (
        "given out of order: the meeting date decides",
        [("sep", 9, ["6000"]), ("feb", 2, ["6000"])],
        {"feb": (["6000.00"], "0.00"), "sep": (["4000.00"], "6000.00")},
    ),
    (
        "speaker, transport and other in one pot",
        [("mar", 3, ["4000", "1500", "500"]), ("may", 5, ["3000", "2000"])],
        {
            "mar": (["4000.00", "1500.00", "500.00"], "0.00"),
            "may": (["3000.00", "1000.00"], "6000.00"),
        },
    ),
    (
        "the pot crosses inside one claim's lines",
        [("jan", 1, ["8000"]), ("jun", 6, ["1500", "800", "300"])],
        {"jan": (["8000.00"], "0.00"), "jun": (["1500.00", "500.00", "0.00"], "8000.00")},
    ),
    (
        "a rejected claim gives its share back",
        [("feb", 2, ["7000"], True), ("sep", 9, ["6000"]), ("nov", 11, ["5000"])],
        {
            "feb": (["7000.00"], "0.00"),
            "sep": (["6000.00"], "0.00"),
            "nov": (["4000.00"], "6000.00"),
        },
    ),
    (
        "the spent pot refunds nothing more",
        [("jan", 1, ["12500.50"]), ("mar", 3, ["100"])],
        {"jan": (["10000.00"], "0.00"), "mar": (["0.00"], "10000.00")},
    ),
    (
        "øre exactly",
        [("jan", 1, ["9999.99"]), ("feb", 2, ["0.02"])],
        {"jan": (["9999.99"], "0.00"), "feb": (["0.01"], "9999.99")},
    ),
]


@pytest.mark.parametrize(("why", "claims", "expected"), POT_TABLE, ids=[p[0] for p in POT_TABLE])
def test_the_yearly_pot(why, claims, expected):
    assert pot(*claims) == expected


def test_each_calendar_year_has_its_own_pot():
    claims = [
        rules.PotClaim("2026", date(2026, 12, 1), (D("9000"),)),
        rules.PotClaim("2027", date(2027, 1, 10), (D("9000"),)),
    ]
    shares = rules.pot_shares(claims, POT)
    assert (shares["2026"].refund, shares["2027"].refund) == (D("9000.00"), D("9000.00"))


def test_without_a_cap_the_pot_refunds_what_is_documented():
    shares = rules.pot_shares([rules.PotClaim("a", date(2026, 1, 1), (D("25000"), D("1")))], None)
    assert shares["a"].refund == D("25001.00") and not shares["a"].spent


def test_the_pot_in_words_shows_the_own_cost():
    second = rules.pot_shares(
        [rules.PotClaim(1, date(2026, 2, 1), (D("6000"),)),
         rules.PotClaim(2, date(2026, 9, 1), (D("4500"), D("1500")))], POT,
    )[2]  # fmt: skip
    words = second.in_words()
    assert words.startswith(
        nb("Oplæg, transport og andet: dokumenteret 6.000 kr.; årets pulje 10.000 kr.")
    )
    assert nb("heraf brugt 6.000 kr. før dette møde; refusion 4.000 kr.") in words
    assert nb("Klyngens egen udgift: 2.000 kr.") in words
    assert second.spent and second.left_after == D("0.00")


def test_amounts_in_words_keep_the_ore():
    assert rules.amount_text(D("1499.99")) == nb("1.499,99 kr.")
    assert rules.amount_text(D("8250")) == nb("8.250 kr.")


def test_pot_left():
    assert rules.pot_left(POT, D("7250")) == D("2750.00")
    assert rules.pot_left(POT, D("12000")) == D("0.00")
    assert rules.pot_left(None, D("1")) is None


ORE_AMOUNTS = st.integers(min_value=0, max_value=1_500_000).map(lambda ore: D(ore) / 100)
POT_CLAIMS = st.lists(
    st.tuples(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
        st.lists(ORE_AMOUNTS, max_size=4),
        st.booleans(),
    ),
    max_size=8,
).map(
    lambda rows: [
        rules.PotClaim(i, day, tuple(costs), no) for i, (day, costs, no) in enumerate(rows)
    ]
)
CAPS = ORE_AMOUNTS
QUICK = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@given(claims=POT_CLAIMS, cap=CAPS)
def test_the_pot_is_never_exceeded(claims, cap):
    shares = rules.pot_shares(claims, cap)
    for year in {c.day.year for c in claims}:
        taken = sum(
            (shares[c.key].refund for c in claims if c.day.year == year and not c.rejected), D(0)
        )
        assert taken <= cap
    for claim in claims:
        share = shares[claim.key]
        assert all(D(0) <= r <= c for r, c in zip(share.refunds, share.costs, strict=True))
        assert share.own_cost >= 0


@QUICK
@given(claims=POT_CLAIMS, cap=CAPS)
def test_rejecting_a_claim_never_lowers_another(claims, cap):
    before = rules.pot_shares(claims, cap)
    for index, claim in enumerate(claims):
        changed = [*claims[:index], rules.PotClaim(claim.key, claim.day, claim.costs, True),
                   *claims[index + 1 :]]  # fmt: skip
        after = rules.pot_shares(changed, cap)
        for other in claims:
            if other.key != claim.key:
                assert after[other.key].refund >= before[other.key].refund


# --- Headroom before a meeting ------------------------------------------------------------------

HEADROOM = [
    ("outside", 11, "8250.00"),
    ("clinic", 11, "5500.00"),
    ("virtual", 11, "0.00"),
    ("clinic", 0, "0.00"),
]


@pytest.mark.parametrize(("venue", "expected", "amount"), HEADROOM)
def test_headroom(venue, expected, amount):
    assert rules.catering_headroom(
        venue_type=venue, expected_specialists=expected, rate=RATE, rate_outside=OUTSIDE
    ) == D(amount)


# --- KiAP/PLO account -----------------------------------------------------------------------------

KIAP = [
    # listed patients, rate, carried over, approved, balance
    ([48000], "3.65", "0", "0", "175200.00"),
    ([20000, 28000], "3.55", "12000.50", "8250.25", "174150.25"),
    ([17000], "1.12", "0", "30000", "-10960.00"),
    ([], "3.65", "500", "0", "500.00"),
]


@pytest.mark.parametrize(("patients", "rate", "carried", "approved", "balance"), KIAP)
def test_kiap_balance(patients, rate, carried, approved, balance):
    income = rules.kiap_income(patients, D(rate))
    assert rules.account_balance(
        income=income, carried_over=D(carried), approved_expenses=D(approved)
    ) == D(balance)


def test_a_claim_beyond_the_balance_is_warned_about():
    assert rules.exceeds_balance(D("1000.01"), D("1000.00"))
    assert not rules.exceeds_balance(D("1000.00"), D("1000.00"))


# --- Honorarium: whole months, largest remainder ---------------------------------------------------

APRIL = date(2026, 4, 1)
YEAR = D("50000.00")


def shares(tenures, amount=YEAR):
    return {
        s.holder: (s.month_count, s.amount) for s in rules.honorarium_shares(amount, APRIL, tenures)
    }


HONORARIUM = [
    (
        "one coordinator all year",
        [Tenure("A", date(2025, 4, 1))],
        {"A": (12, D("50000.00"))},
    ),
    (
        "handover on the 1st: October is the new coordinator's",
        [Tenure("A", date(2025, 4, 1), date(2026, 9, 30)), Tenure("B", date(2026, 10, 1))],
        {"A": (6, D("25000.00")), "B": (6, D("25000.00"))},
    ),
    (
        "handover on the 1st, the old one's last day is also the 1st",
        [Tenure("A", date(2025, 4, 1), date(2026, 10, 1)), Tenure("B", date(2026, 10, 1))],
        {"A": (6, D("25000.00")), "B": (6, D("25000.00"))},
    ),
    (
        "handover on the 15th: the month belongs to who held it on the 1st",
        [Tenure("A", date(2025, 4, 1), date(2026, 10, 14)), Tenure("B", date(2026, 10, 15))],
        {"A": (7, D("29166.67")), "B": (5, D("20833.33"))},
    ),
    (
        "vacant months are not paid",
        [Tenure("A", date(2025, 4, 1), date(2026, 6, 30)), Tenure("B", date(2026, 9, 1))],
        {"A": (3, D("12500.00")), "B": (7, D("29166.67"))},
    ),
    (
        "two handovers in one period",
        [
            Tenure("A", date(2025, 4, 1), date(2026, 5, 10)),
            Tenure("B", date(2026, 5, 11), date(2026, 12, 31)),
            Tenure("C", date(2027, 1, 1)),
        ],
        {"A": (2, D("8333.33")), "B": (7, D("29166.67")), "C": (3, D("12500.00"))},
    ),
    (
        "started after the period: nothing",
        [Tenure("A", date(2027, 4, 1))],
        {},
    ),
    (
        "the same person returns: one share",
        [
            Tenure("A", date(2025, 4, 1), date(2026, 6, 30)),
            Tenure("B", date(2026, 7, 1), date(2026, 8, 31)),
            Tenure("A", date(2026, 9, 1)),
        ],
        {"A": (10, D("41666.67")), "B": (2, D("8333.33"))},
    ),
]


@pytest.mark.parametrize(("why", "tenures", "expected"), HONORARIUM, ids=[h[0] for h in HONORARIUM])
def test_honorarium_split_by_whole_months(why, tenures, expected):
    assert shares(tenures) == expected


def test_three_equal_thirds_round_by_largest_remainder():
    """100 kr over 12 months split 4/4/4: 33.33 + 33.33 + 33.34 would be wrong order; the
    remainder øre goes to the earliest of equal remainders and the total is exact."""
    tenures = [
        Tenure("A", date(2025, 1, 1), date(2026, 7, 31)),
        Tenure("B", date(2026, 8, 1), date(2026, 11, 30)),
        Tenure("C", date(2026, 12, 1)),
    ]
    result = rules.honorarium_shares(D("100.00"), APRIL, tenures)
    assert [s.amount for s in result] == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(s.ore for s in result) == 10000


def test_a_rulebook_change_within_the_period():
    """A yearly amount per month: 6 months at 50,000 and 6 at 60,000 a year."""
    amounts = [D("50000")] * 6 + [D("60000")] * 6
    result = rules.honorarium_shares(amounts, APRIL, [Tenure("A", date(2025, 1, 1))])
    assert result[0].amount == D("55000.00")


def test_period_helpers():
    assert rules.period_months(APRIL)[0] == date(2026, 4, 1)
    assert rules.period_months(APRIL)[-1] == date(2027, 3, 1)
    assert rules.period_start_for(date(2027, 3, 31), 4) == date(2026, 4, 1)
    assert rules.period_start_for(date(2027, 4, 1), 4) == date(2027, 4, 1)


@st.composite
def tenure_lists(draw):
    """Up to five holders with start/end dates in and around the period, possibly overlapping."""
    count = draw(st.integers(min_value=0, max_value=5))
    days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30))
    result = []
    for index in range(count):
        start = draw(days)
        end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=date(2027, 12, 31))))
        result.append(Tenure(f"P{index}", start, end))
    return result


@given(
    amount=st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False),
    tenures=tenure_lists(),
)
def test_honorarium_shares_always_sum_exactly(amount, tenures):
    result = rules.honorarium_shares(amount, APRIL, tenures)
    covered = sum(s.month_count for s in result)
    total_ore = sum(s.ore for s in result)
    exact = rules.to_ore(amount) * covered
    # amount × covered months / 12, rounded half up to the øre, exactly.
    assert total_ore == (exact * 2 + 12) // 24
    assert all(s.ore >= 0 for s in result)
    # Each share is within one øre of its exact value.
    for share in result:
        assert abs(share.ore * 12 - rules.to_ore(amount) * share.month_count) < 12
    assert covered <= 12


# --- The rule in words, as the coordinator and the secretariat read it ---------------------------


def _refund(**fields):
    from klynge.money.rules import catering_refund

    values = {
        "venue_type": "clinic", "specialists_present": 11, "documented": Decimal("7900"),
        "rate": Decimal("750"), "rate_outside": Decimal("1000"),
    }  # fmt: skip
    return catering_refund(**{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            {},
            nb("11 speciallæger × 750 kr. = 8.250 kr.; dokumenteret 7.900 kr.; refusion 7.900 kr."),
        ),
        (
            {"specialists_present": 1, "documented": Decimal("499.50")},
            "1 speciallæge × 750 kr. = 750 kr.; dokumenteret 499,50 kr.; refusion 499,50 kr.",
        ),
        (
            {"venue_type": "outside", "specialists_present": 3},
            "3 speciallæger × 1.000 kr. = 3.000 kr.; dokumenteret 7.900 kr.; refusion 3.000 kr.",
        ),
        (
            {"venue_type": "virtual"},
            "Virtuelt møde: ingen refusion af lokale og forplejning; dokumenteret 7.900 kr.; "
            "refusion 0 kr.",
        ),
        ({"rate": None}, nb("Dokumenteret 7.900 kr.; refusion 7.900 kr.")),
        (
            {"meeting_number": 5, "refundable_meetings": 4},
            "11 speciallæger × 750 kr. = 8.250 kr.; dokumenteret 7.900 kr.; refusion 0 kr. "
            "Mødet er årets 5. afholdte møde; kun de første 4 refunderes.",
        ),
    ],
)
def test_the_catering_refund_in_words(fields, words):
    assert _refund(**fields).in_words() == nb(words)


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (
            PotShare(
                (Decimal("3000"), Decimal("500")), None, ZERO, (Decimal("3000"), Decimal("500"))
            ),
            "Oplæg, transport og andet: dokumenteret 3.500 kr.; refusion 3.500 kr.",
        ),
        (
            PotShare((Decimal("3000"),), Decimal("10000"), Decimal("8500"), (Decimal("1500"),)),
            "Oplæg, transport og andet: dokumenteret 3.000 kr.; årets pulje 10.000 kr., heraf brugt "
            "8.500 kr. før dette møde; refusion 1.500 kr. Klyngens egen udgift: 1.500 kr.",
        ),
        (
            PotShare((Decimal("2000"),), Decimal("10000"), ZERO, (Decimal("2000"),)),
            "Oplæg, transport og andet: dokumenteret 2.000 kr.; årets pulje 10.000 kr., heraf brugt "
            "0 kr. før dette møde; refusion 2.000 kr.",
        ),
    ],
)
def test_the_pot_share_in_words(share, words):
    assert share.in_words() == nb(words)
