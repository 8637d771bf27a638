"""Approvals on current figures: the inbox and the claim show what the rules give now, with
flags; a changed or higher amount needs an explicit amount and a reason; a double-click approves
once."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from post_office.models import Email

from klynge.lib.tests.amounts import nb
from klynge.money import figures, services
from klynge.money.models import Claim
from klynge.money.tests import factories
from klynge.money.tests.test_claims import held_meeting

pytestmark = pytest.mark.django_db


def submitted(ekvis, lines, when=(2026, 6, 10)):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=when), user=ekvis["user"],
                            lines=lines)  # fmt: skip
    return services.submit(claim, by=ekvis["user"])


def became_fifth_with_the_pot_spent(ekvis):
    """After submission: four earlier meetings are recorded, and an earlier claim takes 9.500 kr.
    of the pot. The June claim (3.000 + 9.000 = 12.000 kr. at submission) now gets 0 + 500 kr."""
    claim = submitted(ekvis, [("catering", "3000"), ("speaker", "9000")])
    assert claim.computed_refund == D("12000.00")
    for month in (1, 2, 3, 4):
        meeting = held_meeting(ekvis, when=(2026, month, 5), present=("owner1",))
        if month == 2:
            factories.claim(ekvis["cluster"], meeting, lines=[("speaker", "9500")])
    return claim


def decide(client, claim, **data):
    return client.post(reverse("money:decide", args=["klynge-e", claim.pk]), data)


def test_the_figures_now_with_every_flag(ekvis):
    claim = became_fifth_with_the_pot_spent(ekvis)
    now = figures.assess(claim)
    assert (now.refund, now.at_submission, now.changed) == (D("500.00"), D("12000.00"), True)
    assert now.flags == [
        "Årets 5. møde (højst 4 refunderes)",
        "Årets pulje er brugt op",
        "Tallene er ændret siden indsendelsen",
    ]


def test_the_inbox_shows_the_current_amount_flags_and_the_amount_at_submission(ekvis, world,
                                                                                login):  # fmt: skip
    became_fifth_with_the_pot_spent(ekvis)
    page = login(world.users["secretariat_ekvis"]).get(reverse("money:inbox")).text
    assert nb("500,00 kr.") in page and nb("ved indsendelsen 12.000,00 kr.") in page
    assert "Årets 5. møde (højst 4 refunderes)" in page and "Årets pulje er brugt op" in page


def test_the_claim_page_shows_the_current_amount_and_the_amount_at_submission(ekvis, world,
                                                                             login):  # fmt: skip
    claim = became_fifth_with_the_pot_spent(ekvis)
    page = (
        login(world.users["secretariat_ekvis"])
        .get(reverse("money:claim", args=["klynge-e", claim.pk]))
        .text
    )
    assert "Reglerne giver nu" in page and "Ved indsendelsen" in page
    assert nb("12.000,00 kr.") in page and "Årets pulje er brugt op" in page


def test_an_empty_amount_is_refused_when_the_figures_changed(ekvis, world, login):
    claim = became_fifth_with_the_pot_spent(ekvis)
    client = login(world.users["secretariat_ekvis"])
    response = decide(client, claim, decision="approve", amount="", comment="", seen="500.00")
    assert response.status_code == 400
    assert (
        nb("Reglerne giver nu 500,00 kr., men gav 12.000,00 kr. ved indsendelsen") in response.text
    )
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == ("submitted", None)


def test_a_changed_claim_needs_an_amount_and_a_reason_both_logged(ekvis, world, login):
    claim = became_fifth_with_the_pot_spent(ekvis)
    secretariat = world.users["secretariat_ekvis"]
    client = login(secretariat)
    response = decide(client, claim, decision="approve", amount="3500", comment=" ", seen="500.00")
    assert response.status_code == 400
    assert "Skriv begrundelsen for at godkende et andet beløb" in response.text
    assert 'value="3500"' in response.text  # what was typed is kept
    reason = "Mødet erstattede et aflyst møde; oplægget aftalt i januar."
    response = decide(client, claim, decision="approve", amount="3500", comment=reason,
                      seen="500.00")  # fmt: skip
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == ("approved", D("3500.00"))
    last = claim.history.order_by("-history_date", "-history_id").first()
    assert (last.history_actor, last.history_change_reason) == (secretariat.email, reason)
    page = client.get(reverse("money:claim", args=["klynge-e", claim.pk])).text
    assert reason in page and secretariat.email in page


def test_an_empty_amount_means_the_current_result(ekvis, world, login):
    claim = submitted(ekvis, [("catering", "2000"), ("transport", "400")])
    response = decide(login(world.users["secretariat_ekvis"]), claim, decision="approve",
                      amount="", comment="", seen="2400.00")  # fmt: skip
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.approved_amount == D("2400.00") == claim.computed_refund


def test_above_the_current_result_needs_a_reason(ekvis, world, login):
    # 4 specialists outside: 3.000 kr.; 3.400 kr. documented.
    claim = submitted(ekvis, [("catering", "3400")])
    client = login(world.users["secretariat_ekvis"])
    response = decide(client, claim, decision="approve", amount="3400", comment="", seen="3000.00")
    assert response.status_code == 400
    assert nb("reglerne giver nu (3.000,00 kr.)") in response.text
    decide(client, claim, decision="approve", amount="3400", comment="Vi dækker vinen denne gang.",
           seen="3000.00")  # fmt: skip
    claim.refresh_from_db()
    assert claim.approved_amount == D("3400.00")


def test_figures_that_move_while_the_page_is_open_are_shown_first(ekvis, world, login):
    claim = submitted(ekvis, [("catering", "2000")])
    client = login(world.users["secretariat_ekvis"])
    factories.line(claim, "catering", "500")  # a line changes the figures meanwhile
    response = decide(client, claim, decision="approve", amount="", comment="", seen="2000.00")
    assert response.status_code == 400
    assert (
        nb("Tallene er ændret, mens siden var åben (reglerne giver nu 2.500,00 kr.)")
        in response.text
    )
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_a_double_click_approves_once(ekvis, world, login):
    claim = submitted(ekvis, [("catering", "2000")])
    client = login(world.users["secretariat_ekvis"])
    for _click in range(2):
        response = decide(client, claim, decision="approve", amount="", comment="",
                          seen="2000.00")  # fmt: skip
        assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert [h.status for h in claim.history.all()].count("approved") == 1
    assert Email.objects.filter(subject__contains="godkendt").count() == 1


def test_the_service_is_idempotent_and_checks_the_state(ekvis, world):
    claim = submitted(ekvis, [("catering", "2000")])
    by = world.users["secretariat_ekvis"]
    first = services.decide(claim, by=by, approve=True)
    again = services.decide(claim, by=by, approve=True, amount=D("1"))
    assert first.approved_amount == again.approved_amount == D("2000.00")
    services.mark_paid(claim, by=by)
    services.mark_paid(claim, by=by)
    assert Claim.objects.get(pk=claim.pk).status == "paid"
    assert Email.objects.filter(subject__contains="udbetalt").count() == 1
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.decide(claim, by=by, approve=False, reason="For sent")
