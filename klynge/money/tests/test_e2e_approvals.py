"""Issue 10 in the browser: the eKVIS secretariat decides on a claim whose figures changed after
submission (the meeting became the year's 5th and the speaker pot was spent). The inbox and the
claim show what the rules give now with every flag; an empty amount is refused and says why; an
amount with a reason is approved and both are in the history."""

from decimal import Decimal as D

import pytest

from klynge.conftest import axe_violations, session_login
from klynge.money.models import Claim
from klynge.money.tests.test_approvals import became_fifth_with_the_pot_spent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_decides_on_current_figures(world, ekvis, page):
    claim = became_fifth_with_the_pot_spent(ekvis)
    session_login(page, "sekretariat.ekvis@example.dk")

    page.goto("/sekretariat/oekonomi/")
    inbox = page.locator("main")
    for text in ("500,00 kr.", "ved indsendelsen 12.000,00 kr.",
                 "Årets 5. møde (højst 4 refunderes)", "Årets pulje er brugt op"):  # fmt: skip
        assert inbox.get_by_text(text).first.is_visible(), text

    page.goto(f"/klynger/klynge-e/oekonomi/refusion/{claim.pk}/")
    for text in ("Reglerne giver nu", "Ved indsendelsen", "Årets pulje er brugt op"):
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert axe_violations(page) == []

    # Approving with the amount left empty: refused, with the figures in words; nothing changes.
    page.get_by_role("radio", name="Godkend").check()
    page.get_by_role("button", name="Gem afgørelse").click()
    page.get_by_text(
        "Reglerne giver nu 500,00 kr., men gav 12.000,00 kr. ved indsendelsen"
    ).first.wait_for()
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == (Claim.Status.SUBMITTED, None)

    # An amount and a reason: approved, and the reason is on the page's history.
    reason = "Mødet erstattede et aflyst møde; oplægget aftalt i januar."
    page.get_by_role("radio", name="Godkend").check()
    page.get_by_role("textbox", name="Godkendt beløb").fill("3.500,00")
    page.get_by_label("Begrundelse").fill(reason)
    page.get_by_role("button", name="Gem afgørelse").click()
    page.get_by_text("Kravet er godkendt.").wait_for()
    page.goto(f"/klynger/klynge-e/oekonomi/refusion/{claim.pk}/")
    assert page.get_by_text(reason).first.is_visible()
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == (Claim.Status.APPROVED, D("3500.00"))
    assert axe_violations(page) == []
