"""Budget, annual accounts, headroom before meetings, and the money panels."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from klynge.clusters.models import ClusterRules, Post
from klynge.lib.tests.amounts import nb
from klynge.members.models import ListedPatients
from klynge.money.models import Accounts, Budget, BudgetLine, Claim
from klynge.money.tests import factories

pytestmark = pytest.mark.django_db


def approve(claim, amount):
    claim.status = Claim.Status.APPROVED
    claim.approved_amount = D(amount)
    claim.save()


@time_machine.travel(date(2026, 1, 15))
def test_ekvis_budget_is_suggested_from_planned_meetings_and_the_rulebook(world, login, ekvis):
    factories.meeting(ekvis["cluster"], when=(2026, 3, 10), venue_type="outside", held=False)
    factories.meeting(ekvis["cluster"], when=(2026, 9, 10), venue_type="clinic", held=False)
    client = login(ekvis["user"])
    client.post(reverse("money:budget_suggest", args=["klynge-e", 2026]))
    lines = {line.kind: line.amount for line in BudgetLine.objects.all()}
    # 4 specialists (coordinator, 2 owners, 1 employed); cluster rules: 4 meetings a year, so two
    # more in a clinic: 4 × 750 + 3 × (4 × 500) = 9,000 kr; speakers: the year's cap.
    assert lines == {"catering": D("9000.00"), "speakers": D("10000.00")}
    response = client.get(reverse("money:budget", args=["klynge-e", 2026]))
    assert nb("9.000,00 kr.") in response.text and "<svg" in response.text


def test_kiap_budget_income_and_honoraria(world, login):
    ListedPatients.objects.create(clinic=world.clinic_a1, year=2026, count=2000)
    ListedPatients.objects.create(clinic=world.clinic_a2, year=2026, count=1500)
    ClusterRules.objects.create(cluster=world.cluster_a, valid_from=date(2025, 3, 15),
                                coordinator_honorarium=D("12000"), board_honorarium=D("3000"))  # fmt: skip
    client = login(world.users["coordinator"])
    client.post(reverse("money:budget_suggest", args=["klynge-a", 2026]))
    lines = {line.kind: line.amount for line in BudgetLine.objects.all()}
    assert lines["income"] == D("12775.00")  # 3,500 × 3.65 kr (rate 2025, in force 1 March 2026)
    assert lines["honoraria"] == D("15000.00")  # coordinator + one board member
    # Suggesting again replaces the suggestions and keeps the coordinator's own lines.
    client.post(reverse("money:budget_line_add", args=["klynge-a", 2026]),
                {"kind": "packages", "description": "Klyngepakke KOL", "amount": "2.500"})  # fmt: skip
    client.post(reverse("money:budget_suggest", args=["klynge-a", 2026]))
    assert BudgetLine.objects.filter(kind="income").count() == 1
    assert BudgetLine.objects.get(kind="packages").amount == D("2500.00")


def test_budget_against_actual(world, login):
    budget = Budget.objects.create(cluster=world.cluster_a, year=2026)
    BudgetLine.objects.create(budget=budget, kind="catering", description="Mad", amount=D("8000"))
    claim = factories.claim(world.cluster_a, lines=[("catering", "3000.50"), ("room", "700")])
    approve(claim, "3700.50")
    draft = factories.claim(world.cluster_a, factories.meeting(world.cluster_a, when=(2026, 5, 1)),
                            lines=[("catering", "999")])  # fmt: skip
    assert draft.status == "draft"
    response = login(world.users["member"]).get(reverse("money:budget", args=["klynge-a", 2026]))
    assert response.status_code == 200  # members read the budget for the general assembly
    rows = {row.kind: (row.budget, row.actual) for row in response.context["rows"]}
    assert rows["catering"] == (D("8000.00"), D("3000.50"))
    assert rows["meetings"] == (D("0"), D("700.00"))


def test_bad_budget_amount_is_refused_in_danish(world, login):
    response = login(world.users["coordinator"]).post(
        reverse("money:budget_line_add", args=["klynge-a", 2026]),
        {"kind": "other", "description": "Gave", "amount": "1.000,005"},
    )
    assert response.status_code == 400
    assert "Beløbet kan højst have 2 decimaler (øre)." in response.text
    assert not BudgetLine.objects.exists()


def test_members_cannot_change_the_budget_and_outsiders_see_nothing(world, login):
    url = reverse("money:budget_line_add", args=["klynge-a", 2026])
    data = {"kind": "other", "description": "x", "amount": "1"}
    assert login(world.users["member"]).post(url, data).status_code == 403
    assert (
        login(world.users["other_coordinator"])
        .get(reverse("money:budget", args=["klynge-a", 2026]))
        .status_code
        == 404
    )
    assert (
        login(world.users["secretariat_ekvis"])
        .get(reverse("money:accounts", args=["klynge-a", 2026]))
        .status_code
        == 404
    )
    assert not BudgetLine.objects.exists()


def test_budget_changes_are_in_the_history_with_who(world, login):
    client = login(world.users["coordinator"])
    client.post(reverse("money:budget_line_add", args=["klynge-a", 2026]),
                {"kind": "other", "description": "Gave", "amount": "250"})  # fmt: skip
    line = BudgetLine.objects.get()
    client.post(reverse("money:budget_line_delete", args=["klynge-a", 2026, line.pk]))
    history = BudgetLine.history.order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", world.users["coordinator"]), ("-", world.users["coordinator"]),
    ]  # fmt: skip


def test_accounts_reconcile_against_the_statement(world, login):
    ListedPatients.objects.create(clinic=world.clinic_a1, year=2026, count=1000)
    approve(factories.claim(world.cluster_a, lines=[("catering", "1000")]), "1000")
    client = login(world.users["coordinator"])
    url = reverse("money:accounts_edit", args=["klynge-a", 2026])
    client.post(url, {"opening_balance": "500", "statement_balance": "3.125,00", "note": ""})
    response = client.get(reverse("money:accounts", args=["klynge-a", 2026]))
    # 500 + 3,650 − 1,000 = 3,150; the statement says 3,125: a fee is missing.
    assert response.context["closing"] == D("3150.00")
    assert response.context["difference"] == D("-25.00")
    assert "Regnskabet stemmer ikke" in response.text
    client.post(reverse("money:accounts_line_add", args=["klynge-a", 2026]),
                {"direction": "expense", "description": "Bankgebyr", "amount": "25"})  # fmt: skip
    response = client.get(reverse("money:accounts", args=["klynge-a", 2026]))
    assert response.context["difference"] == D("0.00")
    assert "Regnskabet stemmer med kontoudtoget." in response.text
    assert nb("tilføjet: Bankgebyr (25,00 kr.)") in response.text
    assert Accounts.objects.get().history.first().history_user == world.users["coordinator"]


def test_carried_over_balance_comes_from_last_years_statement(world):
    from klynge.money import lookups

    Accounts.objects.create(cluster=world.cluster_a, year=2025, statement_balance=D("4321.09"))
    assert lookups.account_status(world.cluster_a, 2026).carried_over == D("4321.09")


@pytest.mark.real_pdf
def test_pdfs_for_the_general_assembly(world, login):
    budget = Budget.objects.create(cluster=world.cluster_a, year=2026)
    BudgetLine.objects.create(budget=budget, kind="catering", description="Mad", amount=D("8000"))
    client = login(world.users["member"])
    for name, words in (("money:budget_pdf", "Budget 2026"), ("money:accounts_pdf", "Årsregnskab")):
        response = client.get(reverse(name, args=["klynge-a", 2026]))
        text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
        assert words in text and "Klynge klynge-a" in text


@time_machine.travel(date(2026, 2, 1))
def test_headroom_before_a_planned_meeting(world, login, ekvis):
    meeting = factories.meeting(ekvis["cluster"], when=(2026, 3, 10), venue_type="outside",
                                held=False)  # fmt: skip
    for key in ("coordinator", "owner1", "trainee"):
        factories.attend(meeting, ekvis["people"][key],
                         role="trainee" if key == "trainee" else "owner", attendance="unknown")  # fmt: skip
    factories.claim(ekvis["cluster"], factories.meeting(ekvis["cluster"], when=(2026, 1, 20)),
                    lines=[("speaker", "4000")])  # fmt: skip
    response = login(ekvis["user"]).get(reverse("money:headroom", args=["klynge-e"]))
    # Two doctors have said yes (the trainee does not count): 2 × 750 kr.
    assert nb("Du kan bruge op til 1.500,00 kr. på lokale og forplejning for 2 forventede") in (
        response.text
    )
    assert (
        nb(
            "Tilbage i årets pulje til eksterne oplæg, transport og andet: 6.000,00 kr. af 10.000,00 kr."
        )
        in response.text
    )


@time_machine.travel(date(2026, 2, 1))
def test_headroom_counts_held_and_planned_meetings_without_the_virtual_ones(ekvis):
    from klynge.money import figures

    cluster = ekvis["cluster"]
    factories.meeting(cluster, when=(2026, 1, 10), venue_type="virtual")
    factories.meeting(cluster, when=(2026, 1, 20), venue_type="outside")
    planned = {
        month: factories.meeting(cluster, when=(2026, month, 10), venue_type=venue, held=False)
        for month, venue in (
            (3, "clinic"),
            (4, "virtual"),
            (5, "clinic"),
            (6, "outside"),
            (9, "clinic"),
        )
    }
    cancelled = factories.meeting(cluster, when=(2026, 2, 10), venue_type="clinic", held=False)
    cancelled.status = "cancelled"
    cancelled.save()
    rows = {row.meeting.pk: row for row in figures.headroom(cluster)[0]}
    numbers = {month: rows[m.pk].number for month, m in planned.items()}
    assert numbers == {3: 2, 4: None, 5: 3, 6: 4, 9: 5}
    assert [month for month, m in planned.items() if rows[m.pk].beyond_limit] == [9]
    assert rows[planned[9].pk].catering == D("0.00")
    assert rows[planned[4].pk].catering == D("0.00") and not rows[planned[4].pk].beyond_limit


def test_cluster_panel_shows_the_kiap_balance_to_staff_only(world, login):
    ListedPatients.objects.create(clinic=world.clinic_a1, year=2026, count=1000)
    with time_machine.travel(date(2026, 6, 1)):
        page = login(world.users["coordinator"]).get(reverse("clusters:detail", args=["klynge-a"]))
        assert nb("Saldo på klyngens konto hos PLO (2026): 3.650,00 kr.") in page.text
        member = login(world.users["member"]).get(reverse("clusters:detail", args=["klynge-a"]))
        assert "Saldo på klyngens konto" not in member.text
        assert reverse("money:budget", args=["klynge-a", 2026]) in member.text


def test_profile_shows_only_ones_own_honorarium(world, login):
    ClusterRules.objects.create(cluster=world.cluster_a, valid_from=date(2025, 3, 15),
                                coordinator_honorarium=D("12000"), board_honorarium=D("3000"))  # fmt: skip
    with time_machine.travel(date(2026, 6, 1)):
        page = login(world.users["board"]).get(reverse("profile"))
    assert "Mit honorar" in page.text and nb("3.000,00 kr.") in page.text
    assert nb("12.000,00 kr.") not in page.text
    assert Post.objects.filter(kind="coordinator", cluster=world.cluster_a).exists()


def test_money_pages_speak_english_too(world, login):
    client = login(world.users["coordinator"])
    budget = "/en" + reverse("money:budget", args=["klynge-a", 2026])
    overview = "/en" + reverse("money:overview", args=["klynge-a"])
    response = client.get(budget)
    assert "There is no budget for the year yet." in response.text
    response = client.get(overview)
    assert "<h1>Money</h1>" in response.text
