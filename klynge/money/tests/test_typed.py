"""Nothing typed is lost: every button of the budget, accounts and claim pages saves what is in
the form with it; two people editing the same figures get "Ændret af en anden"."""

import html
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.money.models import Accounts, Budget, BudgetLine, Claim
from klynge.money.tests import factories
from klynge.money.tests.factories import PDF_BYTES
from klynge.money.tests.test_claims import held_meeting

pytestmark = pytest.mark.django_db
STALE = "Ændret af en anden – se de nye oplysninger."


def seen(page) -> str:
    return html.unescape(re.search(r'name="seen" value="([^"]*)"', page).group(1))


def url(name, *args):
    return reverse(f"money:{name}", args=["klynge-a", *args])


# --- Budget ----------------------------------------------------------------------------------------


def test_suggesting_the_budget_keeps_the_typed_note_and_line(world, login):
    client = login(world.users["coordinator"])
    response = client.post(url("budget_suggest", 2026), {
        "note": "Vedtaget på generalforsamlingen", "kind": "other",
        "description": "Gave til foredragsholder", "amount": "450",
    })  # fmt: skip
    assert response.status_code == 302
    budget = Budget.objects.get(cluster=world.cluster_a, year=2026)
    assert budget.note == "Vedtaget på generalforsamlingen"
    assert budget.lines.filter(description="Gave til foredragsholder", amount=D("450")).exists()
    assert budget.lines.filter(suggested=True).exists()


def test_a_bad_typed_line_stops_the_other_button_and_is_shown_again(world, login):
    client = login(world.users["coordinator"])
    response = client.post(url("budget_note", 2026), {
        "note": "Ny note", "kind": "other", "description": "Kaffe", "amount": "1,234.50",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Skriv beløbet som et tal" in response.text
    assert "Kaffe" in response.text and "Ny note" in response.text
    assert not Budget.objects.exists()


def test_deleting_a_budget_line_keeps_the_typed_line(world, login):
    client = login(world.users["coordinator"])
    client.post(url("budget_line_add", 2026), {"kind": "other", "description": "Gammel",
                                                "amount": "100"})  # fmt: skip
    old = BudgetLine.objects.get()
    client.post(url("budget_line_delete", 2026, old.pk), {"kind": "catering",
                "description": "Frokost", "amount": "900"})  # fmt: skip
    assert list(BudgetLine.objects.values_list("description", flat=True)) == ["Frokost"]


def test_two_people_editing_the_budget_note(world, login):
    first, second = login(world.users["coordinator"]), login(world.users["board"])
    first.post(url("budget_note", 2026), {"note": "Første udgave"})
    page_a = first.get(url("budget", 2026)).text
    page_b = second.get(url("budget", 2026)).text
    assert second.post(url("budget_note", 2026), {"note": "B's udgave",
                       "seen": seen(page_b)}).status_code == 302  # fmt: skip
    response = first.post(url("budget_note", 2026), {"note": "A's udgave", "seen": seen(page_a)})
    assert response.status_code == 400
    assert STALE in response.text and "B&#x27;s udgave" in response.text
    assert "A&#x27;s udgave" in response.text  # what A typed is kept
    assert Budget.objects.get().note == "B's udgave"
    again = first.post(url("budget_note", 2026), {"note": "A's udgave",
                       "seen": seen(response.text)})  # fmt: skip
    assert again.status_code == 302 and Budget.objects.get().note == "A's udgave"


# --- Accounts --------------------------------------------------------------------------------------


def test_adding_an_accounts_line_saves_the_typed_figures(world, login):
    client = login(world.users["coordinator"])
    response = client.post(url("accounts_line_add", 2026), {
        "opening_balance": "1.000,00", "statement_balance": "12.345,67", "note": "",
        "direction": "expense", "description": "Gebyr", "amount": "25",
    })  # fmt: skip
    assert response.status_code == 302
    accounts = Accounts.objects.get()
    assert accounts.statement_balance == D("12345.67") and accounts.opening_balance == D("1000")
    assert accounts.lines.get().description == "Gebyr"


def test_two_people_editing_the_accounts_figures(world, login):
    Accounts.objects.create(cluster=world.cluster_a, year=2026, opening_balance=D("100"))
    first, second = login(world.users["coordinator"]), login(world.users["board"])
    page_a = first.get(url("accounts", 2026)).text
    page_b = second.get(url("accounts", 2026)).text
    second.post(url("accounts_edit", 2026), {"opening_balance": "200", "statement_balance": "",
                "note": "", "seen": seen(page_b)})  # fmt: skip
    response = first.post(url("accounts_edit", 2026), {"opening_balance": "300",
                          "statement_balance": "999", "note": "", "seen": seen(page_a)})  # fmt: skip
    assert response.status_code == 400
    assert STALE in response.text and 'value="999"' in response.text
    assert Accounts.objects.get().opening_balance == D("200.00")


# --- Claims ----------------------------------------------------------------------------------------


def line_data(**extra):
    data = {
        "kind": "catering", "supplier": "Restaurant Havnen ApS", "supplier_cvr": "12345678",
        "date": "2026-03-10", "description": "Middag", "amount": "1.900,00",
        "receipt_file": SimpleUploadedFile("kvittering.pdf", PDF_BYTES, "application/pdf"),
    }  # fmt: skip
    data.update(extra)
    return data


def test_submit_adds_the_typed_line_first(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis), user=ekvis["user"])
    client = login(ekvis["user"])
    response = client.post(reverse("money:submit", args=["klynge-e", claim.pk]), line_data())
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.lines.get().amount == D("1900.00")
    assert claim.computed_refund == D("1900.00")


def test_submit_with_a_bad_typed_line_submits_nothing(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis), lines=[("room", "500")])
    client = login(ekvis["user"])
    response = client.post(reverse("money:submit", args=["klynge-e", claim.pk]),
                            line_data(supplier="", amount="1,234.50"))  # fmt: skip
    assert response.status_code == 400
    assert "Skriv leverandørens navn." in response.text and "Middag" in response.text
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.lines.count() == 1


def test_a_typed_line_is_kept_when_the_claim_cannot_be_submitted_yet(ekvis, login):
    meeting = factories.meeting(ekvis["cluster"], when=(2026, 3, 10), held=False)
    claim = factories.claim(ekvis["cluster"], meeting)
    client = login(ekvis["user"])
    response = client.post(reverse("money:submit", args=["klynge-e", claim.pk]), line_data(),
                           follow=True)  # fmt: skip
    assert "Mødet skal være registreret som afholdt" in response.text
    assert claim.lines.count() == 1


def test_deleting_a_claim_line_keeps_the_typed_line(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis), lines=[("room", "500")])
    old = claim.lines.get()
    client = login(ekvis["user"])
    response = client.post(reverse("money:line_delete", args=["klynge-e", claim.pk, old.pk]),
                           line_data(), HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 200 and 'id="claim-editor"' in response.text
    assert list(claim.lines.values_list("kind", flat=True)) == ["catering"]


def test_submitting_from_the_editor_with_htmx_reloads_the_page(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis), lines=[("room", "500")])
    response = login(ekvis["user"]).post(
        reverse("money:submit", args=["klynge-e", claim.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("money:claim", args=["klynge-e", claim.pk])


@pytest.mark.parametrize(
    ("typed_", "value"),
    [("1.234,50", D("1234.50")), ("1234.50", D("1234.50")), ("2.500", D("2500")),
     ("1e5", None), ("1,234.50", None), ("12,5 kr.", D("12.5"))],
)  # fmt: skip
def test_amounts_are_read_the_danish_way(typed_, value):
    from django.core.exceptions import ValidationError

    from klynge.money.forms import AmountField

    if value is None:
        with pytest.raises(ValidationError, match="Skriv beløbet som et tal"):
            AmountField().clean(typed_)
    else:
        assert AmountField().clean(typed_) == value


def test_a_bad_line_through_htmx_comes_back_in_place_with_its_errors(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    response = login(ekvis["user"]).post(
        reverse("money:line_add", args=["klynge-e", claim.pk]), line_data(supplier=""),
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert 'id="claim-editor"' in response.text and "Skriv leverandørens navn." in response.text
    assert not claim.lines.exists()
