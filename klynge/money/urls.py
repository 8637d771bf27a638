from django.urls import path

from klynge.money.views import claims, plans, secretariat, statement

app_name = "money"

CLUSTER = "klynger/<slug:cluster>/oekonomi/"
CLAIM = CLUSTER + "refusion/<int:claim>/"
BUDGET = CLUSTER + "budget/<int:year>/"
ACCOUNTS = CLUSTER + "regnskab/<int:year>/"
SECRETARIAT = "sekretariat/oekonomi/"

urlpatterns = [
    path(CLUSTER, claims.overview, name="overview"),
    path(CLUSTER + "raadighed/", claims.headroom, name="headroom"),
    path(CLUSTER + "refusion/ny/", claims.claim_new, name="claim_new"),
    path(CLAIM, claims.claim, name="claim"),
    path(CLAIM + "udgift/", claims.line_add, name="line_add"),
    path(CLAIM + "udgift/<int:expense_line>/slet/", claims.line_delete, name="line_delete"),
    path(CLAIM + "udgift/<int:expense_line>/bilag/", claims.receipt, name="receipt"),
    path(CLAIM + "pakke/", claims.pack, name="pack"),
    path(CLAIM + "indsend/", claims.submit, name="submit"),
    path(CLAIM + "genaabn/", claims.reopen, name="reopen"),
    path(CLAIM + "afgoer/", claims.decide, name="decide"),
    path(CLAIM + "udbetalt/", claims.paid, name="paid"),
    path(BUDGET, plans.budget, name="budget"),
    path(BUDGET + "linje/", plans.budget_line_add, name="budget_line_add"),
    path(
        BUDGET + "linje/<int:budget_line>/slet/",
        plans.budget_line_delete,
        name="budget_line_delete",
    ),
    path(BUDGET + "forslag/", plans.budget_suggest, name="budget_suggest"),
    path(BUDGET + "bemaerkninger/", plans.budget_note, name="budget_note"),
    path(BUDGET + "pdf/", plans.budget_pdf, name="budget_pdf"),
    path(ACCOUNTS, plans.accounts, name="accounts"),
    path(ACCOUNTS + "tal/", plans.accounts_edit, name="accounts_edit"),
    path(ACCOUNTS + "linje/", plans.accounts_line_add, name="accounts_line_add"),
    path(
        ACCOUNTS + "linje/<int:accounts_line>/slet/",
        plans.accounts_line_delete,
        name="accounts_line_delete",
    ),
    path(ACCOUNTS + "pdf/", plans.accounts_pdf, name="accounts_pdf"),
    path(ACCOUNTS + "kontoudtog/", statement.statement, name="statement"),
    path(ACCOUNTS + "kontoudtog/afstem/", statement.rematch, name="statement_rematch"),
    path(CLUSTER + "honorar/<int:year>/", plans.honorarium, name="honorarium"),
    path(CLUSTER + "honorar/<int:year>/pdf/", plans.honorarium_pdf, name="honorarium_pdf"),
    path(SECRETARIAT, secretariat.inbox, name="inbox"),
    path(SECRETARIAT + "godkendte.xlsx", secretariat.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path(SECRETARIAT + "godkendte.csv", secretariat.export, {"fmt": "csv"}, name="export_csv"),
    path(SECRETARIAT + "honorar/<int:year>/", secretariat.payouts, name="payouts"),
    path(
        SECRETARIAT + "honorar/<int:year>/udbetalingsliste.xlsx",
        secretariat.payouts_export,
        {"fmt": "xlsx"},
        name="payouts_xlsx",
    ),
    path(
        SECRETARIAT + "honorar/<int:year>/udbetalingsliste.csv",
        secretariat.payouts_export,
        {"fmt": "csv"},
        name="payouts_csv",
    ),
]
