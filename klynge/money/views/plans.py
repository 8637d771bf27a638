"""Budget and annual accounts per cluster and year, and the cluster's honorarium statements."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, READ, STAFF_READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.money import honoraria, lookups, rules, services
from klynge.money.crumbs import money_crumbs
from klynge.money.forms import (
    AccountsForm,
    AccountsLineForm,
    BudgetLineForm,
    BudgetNoteForm,
    typed,
)
from klynge.money.lookups import expenses_by_kind, suggestions
from klynge.money.models import Accounts, AccountsLine, Budget, BudgetLine, ExpenseLine

ZERO = rules.ZERO
YEARS = range(2000, 2101)

# Which budget post an expense line counts against.
ACTUAL_KIND = {
    ExpenseLine.Kind.ROOM: BudgetLine.Kind.MEETINGS,
    ExpenseLine.Kind.CATERING: BudgetLine.Kind.CATERING,
    ExpenseLine.Kind.SPEAKER: BudgetLine.Kind.SPEAKERS,
    ExpenseLine.Kind.TRANSPORT: BudgetLine.Kind.OTHER,
    ExpenseLine.Kind.OTHER: BudgetLine.Kind.OTHER,
}


def check_year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


# --- Budget ------------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    kind: str
    label: str
    budget: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        return self.budget - self.actual

    def width(self, scale: Decimal, full: int = 300) -> tuple[int, int]:
        if not scale:
            return 0, 0
        return int(self.budget * full / scale), int(self.actual * full / scale)


def budget_rows(cluster, year, lines) -> list[BudgetRow]:
    budgeted: dict[str, Decimal] = {}
    for line in lines:
        budgeted[line.kind] = budgeted.get(line.kind, ZERO) + line.amount
    actual: dict[str, Decimal] = {}
    for kind, total in expenses_by_kind(cluster, year).items():
        key = ACTUAL_KIND[kind]
        actual[key] = actual.get(key, ZERO) + total
    status = lookups.account_status(cluster, year)
    if not cluster.scheme.is_specialist:
        actual[BudgetLine.Kind.INCOME] = status.income
        actual[BudgetLine.Kind.HONORARIA] = status.honoraria
    return [
        BudgetRow(kind, label, budgeted.get(kind, ZERO), actual.get(kind, ZERO))
        for kind, label in BudgetLine.Kind.choices
        if kind in budgeted or actual.get(kind)
    ]


def budget_context(request, cluster, year, budget, form=None, note_form=None):
    lines = list(budget.lines.all()) if budget else []
    rows = budget_rows(cluster, year, lines)
    # The chart compares spending; income is an order of magnitude larger and would flatten it.
    spending = [r for r in rows if r.kind != BudgetLine.Kind.INCOME]
    scale = max([max(r.budget, r.actual) for r in spending] or [ZERO])
    income = sum((r.budget for r in rows if r.kind == BudgetLine.Kind.INCOME), ZERO)
    expenses = sum((r.budget for r in rows if r.kind != BudgetLine.Kind.INCOME), ZERO)
    actual_expenses = sum((r.actual for r in rows if r.kind != BudgetLine.Kind.INCOME), ZERO)
    chart = [(row, *row.width(scale)) for row in spending]
    return {
        "cluster": cluster,
        "year": year,
        "budget": budget,
        "lines": lines,
        "rows": rows,
        "chart": chart,
        "chart_height": 40 * len(chart) + 10,
        "income": income,
        "expenses": expenses,
        "actual_expenses": actual_expenses,
        "result": income - expenses,
        "manage": can(request, MANAGE),
        "form": form or BudgetLineForm(),
        "note_form": note_form
        or BudgetNoteForm(instance=budget or Budget(cluster=cluster, year=year)),
        "history": list(
            BudgetLine.history.filter(budget_id=budget.pk)
            .select_related("history_user")
            .order_by("-history_date")[:30]
        )
        if budget
        else [],
        "breadcrumbs": money_crumbs(cluster, (_("Budget %(year)d") % {"year": year}, None)),
        "now": timezone.now(),
    }


@cluster_view(READ)
def budget(request, cluster, year):
    year = check_year(year)
    item = Budget.objects.filter(cluster=cluster, year=year).first()
    return render(request, "money/budget.html", budget_context(request, cluster, year, item))


def budget_save(request, cluster, year, *, done, line_required=False, suggest=False, delete=None):
    """The budget page is one form: whichever button was pressed, what was typed (a new line,
    the note) is saved with it, or shown again with its errors and nothing changed."""
    year = check_year(year)
    if request.method != "POST":
        return redirect("money:budget", cluster.slug, year)
    item = Budget.objects.filter(cluster=cluster, year=year).first()
    note_form = BudgetNoteForm(request.POST, instance=item or Budget(cluster=cluster, year=year))
    line_form = BudgetLineForm(request.POST)
    with_line = line_required or typed(request.POST, BudgetLineForm)
    with_note = "note" in request.POST
    valid = note_form.is_valid() if with_note else True
    valid = (line_form.is_valid() if with_line else True) and valid
    if not valid:
        context = budget_context(
            request, cluster, year, item, form=line_form if with_line else None,
            note_form=note_form if with_note else None,
        )  # fmt: skip
        return render(request, "money/budget.html", context, status=400)
    services.change_budget(
        cluster, year, by=request.user,
        note=note_form.cleaned_data["note"]
        if with_note and "note" in note_form.changed_data
        else None,
        line=line_form.cleaned_data if with_line else None,
        suggestions=suggestions(cluster, year) if suggest else (),
        delete=delete,
    )  # fmt: skip
    messages.success(request, done)
    return redirect("money:budget", cluster.slug, year)


@cluster_view(MANAGE)
def budget_line_add(request, cluster, year):
    return budget_save(
        request, cluster, year, done=_("Budgetlinjen er tilføjet."), line_required=True
    )


@cluster_view(MANAGE)
def budget_line_delete(request, cluster, year, budget_line):
    get_object_or_404(
        BudgetLine.objects.filter(budget__cluster=cluster, budget__year=year), pk=budget_line
    )
    return budget_save(
        request, cluster, year, done=_("Budgetlinjen er slettet."), delete=budget_line
    )


@cluster_view(MANAGE)
def budget_suggest(request, cluster, year):
    """Replace Klynge's suggested lines (the coordinator's own lines stay)."""
    return budget_save(
        request, cluster, year, suggest=True,
        done=_("Budgettet er foreslået ud fra årets møder og regelsættet."),
    )  # fmt: skip


@cluster_view(MANAGE)
def budget_note(request, cluster, year):
    return budget_save(request, cluster, year, done=_("Bemærkningerne er gemt."))


@cluster_view(READ)
def budget_pdf(request, cluster, year):
    year = check_year(year)
    item = Budget.objects.filter(cluster=cluster, year=year).first()
    context = budget_context(request, cluster, year, item)
    data = render_pdf("money/pdf/budget.html", context, request=request)
    return pdf_response(data, f"budget-{cluster.slug}-{year}")


# --- Annual accounts ---------------------------------------------------------------------------


def accounts_history(accounts) -> list:
    """Who changed the accounts' figures and lines, and when (newest first)."""
    if accounts is None:
        return []
    entries = [
        *accounts.history.select_related("history_user"),
        *AccountsLine.history.filter(accounts_id=accounts.pk).select_related("history_user"),
    ]
    for entry in entries:
        entry.is_line = hasattr(entry, "direction")
    return sorted(entries, key=lambda e: (e.history_date, e.history_id), reverse=True)[:30]


def accounts_context(request, cluster, year, accounts, form=None, line_form=None):
    status = lookups.account_status(cluster, year)
    if accounts is not None:
        status.carried_over = accounts.opening_balance
    by_kind = expenses_by_kind(cluster, year)
    documented = sum(by_kind.values(), ZERO)
    lines = list(accounts.lines.all()) if accounts else []
    specialist = cluster.scheme.is_specialist
    closing = status.balance
    statement = accounts.statement_balance if accounts else None
    return {
        "cluster": cluster,
        "year": year,
        "accounts": accounts,
        "status": status,
        "specialist": specialist,
        "by_kind": [
            (label, by_kind[kind]) for kind, label in ExpenseLine.Kind.choices if kind in by_kind
        ],
        "documented": documented,
        "not_approved": documented - status.approved_expenses,
        "manual_income": [line for line in lines if line.direction == "income"],
        "manual_expense": [line for line in lines if line.direction == "expense"],
        "lines": lines,
        "closing": closing,
        "statement": statement,
        "difference": None if statement is None else statement - closing,
        "manage": can(request, MANAGE),
        "staff": can(request, STAFF_READ),
        "form": form or AccountsForm(instance=accounts or Accounts(cluster=cluster, year=year,
                                                                    opening_balance=status.carried_over)),
        "line_form": line_form or AccountsLineForm(),
        "history": accounts_history(accounts),
        "breadcrumbs": money_crumbs(cluster, (_("Årsregnskab %(year)d") % {"year": year}, None)),
        "now": timezone.now(),
    }  # fmt: skip


@cluster_view(READ)
def accounts(request, cluster, year):
    year = check_year(year)
    item = Accounts.objects.filter(cluster=cluster, year=year).first()
    return render(request, "money/accounts.html", accounts_context(request, cluster, year, item))


def accounts_save(request, cluster, year, *, done, line_required=False, delete=None):
    """The accounts page is one form: the statement's figures and a new line are saved whichever
    button was pressed, or shown again with their errors and nothing changed."""
    year = check_year(year)
    if request.method != "POST":
        return redirect("money:accounts", cluster.slug, year)
    item = Accounts.objects.filter(cluster=cluster, year=year).first()
    opening = lookups.carried_over(cluster, year)
    blank = Accounts(cluster=cluster, year=year, opening_balance=opening)
    form = AccountsForm(request.POST, instance=item or blank)
    line_form = AccountsLineForm(request.POST)
    with_line = line_required or typed(request.POST, AccountsLineForm)
    with_numbers = any(name in request.POST for name in AccountsForm.Meta.fields)
    valid = form.is_valid() if with_numbers else True
    valid = (line_form.is_valid() if with_line else True) and valid
    if not valid:
        context = accounts_context(
            request,
            cluster,
            year,
            item,
            form=form if with_numbers else None,
            line_form=line_form if with_line else None,
        )
        return render(request, "money/accounts.html", context, status=400)
    changed = form.changed_data if with_numbers else []
    numbers = {name: form.cleaned_data[name] for name in changed if name != "seen"}
    services.change_accounts(
        cluster, year, by=request.user, opening_balance=opening, numbers=numbers,
        line=line_form.cleaned_data if with_line else None, delete=delete,
    )  # fmt: skip
    messages.success(request, done)
    return redirect("money:accounts", cluster.slug, year)


@cluster_view(MANAGE)
def accounts_edit(request, cluster, year):
    return accounts_save(request, cluster, year, done=_("Regnskabets tal er gemt."))


@cluster_view(MANAGE)
def accounts_line_add(request, cluster, year):
    return accounts_save(
        request, cluster, year, done=_("Linjen er tilføjet regnskabet."), line_required=True
    )


@cluster_view(MANAGE)
def accounts_line_delete(request, cluster, year, accounts_line):
    get_object_or_404(
        AccountsLine.objects.filter(accounts__cluster=cluster, accounts__year=year),
        pk=accounts_line,
    )
    return accounts_save(request, cluster, year, done=_("Linjen er slettet."), delete=accounts_line)


@cluster_view(READ)
def accounts_pdf(request, cluster, year):
    year = check_year(year)
    item = Accounts.objects.filter(cluster=cluster, year=year).first()
    context = accounts_context(request, cluster, year, item)
    data = render_pdf("money/pdf/accounts.html", context, request=request)
    return pdf_response(data, f"aarsregnskab-{cluster.slug}-{year}")


# --- Honorarium --------------------------------------------------------------------------------


def honorarium_context(request, cluster, year):
    start, end = honoraria.honorarium_period(cluster.scheme, year)
    rows = honoraria.honoraria([cluster], start)
    return {
        "cluster": cluster,
        "year": year,
        "start": start,
        "end": end,
        "months": rules.period_months(start),
        "rows": rows,
        "total": sum((row.share.amount for row in rows), ZERO),
        "breadcrumbs": money_crumbs(cluster, (_("Honorar %(year)d/%(next)d") % {
            "year": year, "next": (year + 1) % 100}, None)),
        "now": timezone.now(),
    }  # fmt: skip


@cluster_view(STAFF_READ)
def honorarium(request, cluster, year):
    """Each holder's statement for the period: the months they held the post, and the amount."""
    year = check_year(year)
    context = honorarium_context(request, cluster, year)
    log_access(
        request, "view", _("Honoraropgørelse"), persons=[r.person for r in context["rows"]],
        cluster=cluster,
    )  # fmt: skip
    return render(request, "money/honorarium.html", context)


@cluster_view(STAFF_READ)
def honorarium_pdf(request, cluster, year):
    year = check_year(year)
    context = honorarium_context(request, cluster, year)
    log_access(
        request, "export", _("Honoraropgørelse"), persons=[r.person for r in context["rows"]],
        cluster=cluster,
    )  # fmt: skip
    data = render_pdf("money/pdf/honorarium.html", context, request=request)
    return pdf_response(data, f"honorar-{cluster.slug}-{year}")
