"""PLO's account statement: upload (CSV/XLSX), checks with Danish messages, matching to approved
claims, honoraria and the grant, and the annual accounts reconciled from it."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from klynge.clusters.models import AccessLog, Post
from klynge.money import statement
from klynge.money.models import (
    Accounts,
    AccountsLine,
    Claim,
    HonorariumPayment,
    Statement,
    StatementLine,
)
from klynge.money.tests.factories import claim, meeting

pytestmark = pytest.mark.django_db

Match = StatementLine.Match
TODAY = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def approved(cluster, amount, when=(2026, 3, 10), decided=datetime(2026, 3, 20, tzinfo=UTC)):
    item = claim(cluster, meeting(cluster, when=when))
    Claim.objects.filter(pk=item.pk).update(
        status=Claim.Status.APPROVED, approved_amount=Decimal(amount), decided_at=decided
    )
    return Claim.objects.get(pk=item.pk)


def csv(*rows, header="Dato;Tekst;Beløb;Saldo"):
    return SimpleUploadedFile("kontoudtog.csv", "\n".join([header, *rows]).encode("utf-8"))


GOOD = [
    "02.01.2026;Primo;0,00;10.000,00",
    "01.03.2026;Tilskud kvalitetsklynge 2026;24.500,00;34.500,00",
    "25.03.2026;Refusion klyngemøde;-1.234,50;33.265,50",
    "15.04.2026;Honorar koordinator;-6.000,00;27.265,50",
    "30.06.2026;Gebyr;-25,00;27.240,50",
]


def post(client, file, year=2026, cluster="klynge-a"):
    return client.post(reverse("money:statement", args=[cluster, year]), {"file": file})


def test_parse_checks_the_amounts_exactly():
    assert statement.parse_amount("-1.234,50") == Decimal("-1234.50")
    assert statement.parse_amount("1234.5") == Decimal("1234.50")
    assert statement.parse_amount("1 234,50 kr.") == Decimal("1234.50")
    assert statement.parse_amount("\u22125,00") == Decimal("-5.00")
    for bad in ("12,345,6", "abc", "", "1.2.3"):
        with pytest.raises(ValueError):
            statement.parse_amount(bad)


def test_import_matches_lines_and_the_accounts_reconcile(world, login):
    item = approved(world.cluster_a, "1234.50")
    payment = HonorariumPayment.objects.create(
        cluster=world.cluster_a, person=world.people["coordinator"], kind=Post.Kind.COORDINATOR,
        period_start=date(2025, 4, 1), months=12, amount=Decimal("6000.00"),
        paid_at=datetime(2026, 4, 14, tzinfo=UTC),
    )  # fmt: skip
    client = login(world.users["coordinator"])
    response = post(client, csv(*GOOD))
    assert response.status_code == 302, response.context["form"].errors
    saved = Statement.objects.get()
    assert (saved.opening_balance, saved.closing_balance) == (
        Decimal("10000.00"),
        Decimal("27240.50"),
    )
    matches = [(line.match, line.claim, line.honorarium) for line in saved.lines.all()]
    assert matches == [
        (Match.OTHER, None, None),
        (Match.INCOME, None, None),
        (Match.CLAIM, item, None),
        (Match.HONORARIUM, None, payment),
        (Match.OTHER, None, None),
    ]
    accounts = Accounts.objects.get(cluster=world.cluster_a, year=2026)
    assert accounts.opening_balance == Decimal("10000.00")
    assert accounts.statement_balance == Decimal("27240.50")
    assert accounts.history.latest().history_actor == "coordinator@example.dk"
    fee = AccountsLine.objects.get(accounts=accounts, amount=Decimal("25.00"))
    assert fee.direction == "expense" and fee.statement_line.text == "Gebyr"
    page = client.get(reverse("money:accounts", args=["klynge-a", 2026]))
    assert page.context["status"].income == Decimal("24500.00")
    assert page.context["status"].from_statement
    assert page.context["closing"] == Decimal("27240.50")
    assert page.context["difference"] == Decimal("0.00")
    assert "Regnskabet stemmer med kontoudtoget." in page.content.decode()


def test_an_unpaid_claim_shows_as_a_difference(world, login):
    approved(world.cluster_a, "1234.50")
    approved(world.cluster_a, "800.00", when=(2026, 9, 1))  # approved, not yet on the statement
    client = login(world.users["secretariat_kiap"])
    assert post(client, csv(*GOOD[:3])).status_code == 302
    page = client.get(reverse("money:accounts", args=["klynge-a", 2026]))
    assert page.context["difference"] == Decimal("800.00")


def test_a_new_import_replaces_the_old_one(world, login):
    client = login(world.users["coordinator"])
    post(client, csv(*GOOD))
    post(client, csv(*GOOD[:2]))
    assert Statement.objects.count() == 1
    assert StatementLine.objects.count() == 2
    accounts = Accounts.objects.get()
    assert accounts.statement_balance == Decimal("34500.00")
    assert list(accounts.lines.values_list("description", flat=True)) == ["Primo"]


def xlsx(rows):
    book = Workbook()
    book.active.append(["Dato", "Tekst", "Beløb", "Saldo"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("kontoudtog.xlsx", buffer.getvalue())


def test_xlsx_with_dates_and_numbers(world, login):
    rows = [[datetime(2026, 1, 2), "Primo", 0, 500.25], [datetime(2026, 2, 1), "Gebyr", -0.25, 500]]
    assert post(login(world.users["coordinator"]), xlsx(rows)).status_code == 302
    assert Statement.objects.get().closing_balance == Decimal("500.00")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["02.01.2026;Primo;0,00;100,00", "03.01.2026;Gebyr;-5,00;96,00"],
            "Række 3: saldoen 96.00 passer ikke",
        ),
        (["02.01.2025;Primo;0,00;100,00"], "Række 2: datoen 02.01.2025 ligger uden for 2026"),
        (["02.12.2026;Primo;0,00;100,00"], "Række 2: datoen 02.12.2026 ligger i fremtiden"),
        (["32.01.2026;Primo;0,00;100,00"], "Række 2: »32.01.2026« er ikke en dato"),
        (["02.01.2026;Primo;to kroner;100,00"], "Række 2: »to kroner« er ikke et beløb (Beløb)"),
        (["02.01.2026;;1,00;100,00"], "Række 2: teksten mangler"),
        ([], "ingen linjer"),
    ],
)
def test_bad_files_get_a_danish_message_and_change_nothing(world, login, rows, message):
    client = login(world.users["coordinator"])
    response = post(client, csv(*rows))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not Statement.objects.exists() and not Accounts.objects.exists()


def test_missing_columns_and_wrong_file_types(world, login):
    client = login(world.users["coordinator"])
    errors = post(client, csv("02.01.2026;x", header="Dato;Tekst")).context["form"].errors["file"]
    assert "Disse kolonner mangler: Beløb, Saldo" in errors[0]
    pdf = SimpleUploadedFile("kontoudtog.csv", b"%PDF-1.4\n\x00binary")
    assert "hverken en CSV-fil" in post(client, pdf).context["form"].errors["file"][0]


def test_for_kiap_clusters_and_their_staff_only(world, login):
    assert (
        login(world.users["member"])
        .get(reverse("money:statement", args=["klynge-a", 2026]))
        .status_code
        == 403
    )
    assert (
        login(world.users["secretariat_ekvis"])
        .get(reverse("money:statement", args=["klynge-e", 2026]))
        .status_code
        == 404
    )
    page = login(world.users["coordinator"]).get(reverse("money:accounts", args=["klynge-a", 2026]))
    assert reverse("money:statement", args=["klynge-a", 2026]) in page.content.decode()


def test_the_page_logs_the_honoraria_and_keeps_its_queries(world, login):
    client = login(world.users["coordinator"])
    counts = []
    for size in (1, 8):
        rows, balance = ["02.01.2026;Primo;0,00;100000,00"], Decimal("100000.00")
        for number in range(size):
            amount = Decimal(100 + number + size * 10)
            approved(world.cluster_a, amount)
            HonorariumPayment.objects.create(
                cluster=world.cluster_a, person=world.people["coordinator"], kind="coordinator",
                period_start=date(2020 + number, size, 1), months=12, amount=amount + 1,
                paid_at=datetime(2026, 4, 1, tzinfo=UTC),
            )  # fmt: skip
            balance -= amount
            rows.append(f"01.05.2026;Refusion;-{amount};{balance}")
            balance -= amount + 1
            rows.append(f"02.05.2026;Honorar;-{amount + 1};{balance}")
        assert post(client, csv(*rows)).status_code == 302
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("money:statement", args=["klynge-a", 2026]))
        assert len(page.context["lines"]) == 1 + 2 * size
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert AccessLog.objects.filter(action="view", subject=world.people["coordinator"]).exists()


def rematch(client, line, choice):
    url = reverse("money:statement_rematch", args=["klynge-a", 2026])
    return client.post(url, {"line": line.pk, "choice": choice})


def test_a_line_is_matched_by_hand_and_the_accounts_follow(world, login):
    client = login(world.users["coordinator"])
    post(client, csv(*GOOD))
    other = approved(world.cluster_a, "25.00", when=(2026, 6, 1))  # approved after the import
    fee = StatementLine.objects.get(text="Gebyr")
    assert fee.accounts_line is not None
    page = client.get(reverse("money:statement", args=["klynge-a", 2026]))
    assert f"claim:{other.pk}" in page.content.decode()
    assert rematch(client, fee, f"claim:{other.pk}").status_code == 302
    fee.refresh_from_db()
    assert (fee.match, fee.claim, fee.accounts_line) == (Match.CLAIM, other, None)
    assert not AccountsLine.objects.filter(description="Gebyr").exists()
    assert fee.history.latest().history_actor == "coordinator@example.dk"
    rematch(client, fee, Match.OTHER)
    fee.refresh_from_db()
    assert fee.match == Match.OTHER and fee.accounts_line.amount == Decimal("25.00")
    assert fee.accounts_line.direction == "expense"


def test_matching_by_hand_refuses_what_is_not_offered(world, login):
    client = login(world.users["coordinator"])
    post(client, csv(*GOOD))
    fee = StatementLine.objects.get(text="Gebyr")
    foreign = approved(world.cluster_b, "25.00")
    for choice in (f"claim:{foreign.pk}", "claim:x", "honorarium:999", "nothing", ""):
        response = rematch(client, fee, choice)
        assert response.status_code == 302
        fee.refresh_from_db()
        assert fee.match == Match.OTHER and fee.claim is None, choice
    url = reverse("money:statement_rematch", args=["klynge-a", 2026])
    assert client.post(url, {"line": "abc", "choice": "income"}).status_code == 302
    outsider = login(world.users["other_coordinator"])
    assert outsider.post(url, {"line": fee.pk, "choice": "income"}).status_code == 404
