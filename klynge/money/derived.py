"""Money's inputs to derived data (klynge/clusters/derived.py): budgets, accounts, the imported
statement and claims (wheel and account status), honoraria paid (account status)."""

from django.db.models import Q

from klynge.clusters.derived import through, watch
from klynge.money.models import (
    Accounts,
    AccountsLine,
    Budget,
    BudgetLine,
    Claim,
    HonorariumPayment,
    Statement,
    StatementLine,
)


def watch_inputs() -> None:
    for model in (Budget, Accounts, Claim, HonorariumPayment):
        watch(model)
    watch(BudgetLine, through(Budget, "budget_id"))
    watch(AccountsLine, through(Accounts, "accounts_id"))
    watch(Statement, through(Accounts, "accounts_id"))
    watch(
        StatementLine,
        lambda line: Q(annual_accounts__statement__pk=line.statement_id),
    )
