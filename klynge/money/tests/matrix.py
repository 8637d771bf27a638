"""URL parameters of the money app, for the access matrix (values in cluster A)."""

from decimal import Decimal

from klynge.money.models import Accounts, AccountsLine, Budget, BudgetLine
from klynge.money.tests import factories


def claim(world, kwargs):
    item = factories.claim(world.cluster_a, lines=[("catering", "1200.00")])
    return item.pk


def expense_line(world, kwargs):
    from klynge.money.models import Claim

    return Claim.objects.get(pk=kwargs["claim"]).lines.first().pk


def budget_line(world, kwargs):
    budget, _ = Budget.objects.get_or_create(cluster=world.cluster_a, year=kwargs["year"])
    return BudgetLine.objects.create(
        budget=budget, kind="catering", description="Forplejning", amount=Decimal("4000")
    ).pk


def accounts_line(world, kwargs):
    accounts, _ = Accounts.objects.get_or_create(cluster=world.cluster_a, year=kwargs["year"])
    return AccountsLine.objects.create(
        accounts=accounts, direction="expense", description="Gebyr", amount=Decimal("25")
    ).pk


URL_KWARGS = {
    "claim": claim,
    "expense_line": expense_line,
    "year": lambda world, kwargs: 2026,
    "budget_line": budget_line,
    "accounts_line": accounts_line,
}
