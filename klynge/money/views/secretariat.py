"""The secretariat's money pages: the inbox of claims, exports for payment, the honorarium payouts."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import person_of, secretariat_view
from klynge.clusters.accesslog import log_access, people_of_users
from klynge.clusters.models import Cluster
from klynge.lib import danish, pages, tables
from klynge.money import figures, forms, honoraria, lookups, rules, services
from klynge.money.lookups import Versions
from klynge.money.models import Claim


def table_response(fmt: str, filename: str, header: list, rows: list[list], sheet) -> HttpResponse:
    return tables.response(tables.Table(header, rows, sheet=str(sheet)), filename, fmt)


def local(moment):
    return timezone.localtime(moment).date() if moment else None


@secretariat_view
def inbox(request, scheme):
    """A work queue of the same size however large the scheme: a page of submitted claims, oldest
    first; the approved ones' number and sum and the latest of them. Queries: session, user and
    scheme (3), the numbers with the latest approved (1), the page with its submitters and the
    doctors present (1), its assessment (4, and the tokens of the KiAP balances, which are
    cached), the access log (1)."""
    form = forms.InboxFilterForm(request.GET or None)
    name = form.cleaned_data["klynge"].strip() if form.is_valid() else ""
    numbers = lookups.inbox_figures(scheme, name, lookups.INBOX_RECENT_APPROVED)
    ids = lookups.submitted_ids(scheme, name)
    paged = pages.paged(request, ids, lookups.INBOX_PAGE_SIZE, count=numbers.submitted)
    paged.page.object_list = submitted = list(lookups.submitted_claims(paged.page.object_list))
    # The current figures with their flags, not the amount frozen at submission.
    versions = Versions({scheme.pk})
    assessments = figures.assess_many(submitted, versions)
    for claim in submitted:
        claim.assessment = assessments[claim.pk]
    # The submitters' persons came with the page (select_related); person_of reads them there.
    submitters = {person_of(c.submitted_by) for c in submitted if c.submitted_by} - {None}
    shown = sorted(submitters, key=lambda person: (person.name, person.pk))
    purpose = _("Refusionskrav til behandling")
    log_access(request, "search" if name else "view", purpose, persons=shown)
    today = timezone.localdate()
    return render(
        request,
        "money/inbox.html",
        {
            "scheme": scheme,
            "form": form,
            "page": paged.page,
            "query": paged.query,
            "submitted": submitted,
            "numbers": numbers,
            "approved": numbers.latest,
            "period_year": honoraria.current_period_year(scheme, today, versions),
            "breadcrumbs": [
                (_("Overblik"), "/"),
                (_("Sekretariat"), reverse("secretariat:home")),
                (_("Refusionskrav"), None),
            ],
        },
    )


@secretariat_view
def export(request, scheme, fmt):
    """Approved claims awaiting payment, for the bookkeeping system."""
    claims = (
        Claim.objects.filter(cluster__scheme=scheme, status=Claim.Status.APPROVED)
        .select_related("cluster", "meeting", "submitted_by", "decided_by")
        .order_by("decided_at", "pk")
    )
    header = [
        _("Krav nr."), _("Klynge"), _("Møde"), _("Mødedato"), _("Indsendt af"), _("Indsendt"),
        _("Godkendt"), _("Beregnet refusion"), _("Godkendt beløb"), _("Kommentar"),
    ]  # fmt: skip
    rows = [
        [
            claim.pk,
            claim.cluster.name,
            claim.meeting.title,
            local(claim.meeting.start),
            str(claim.submitted_by or ""),
            local(claim.submitted_at),
            local(claim.decided_at),
            claim.computed_refund,
            claim.approved_amount,
            claim.decision_comment,
        ]
        for claim in claims
    ]
    people = people_of_users(c.submitted_by_id for c in claims)
    log_access(request, "export", _("Eksport af godkendte refusionskrav"), persons=people)
    name = f"godkendte-krav-{scheme.code}-{timezone.localdate()}"
    return table_response(fmt, name, header, rows, _("Godkendte krav"))


def payout_rows(scheme, year):
    clusters = Cluster.objects.of_scheme(scheme).select_related("scheme").order_by("name")
    return honoraria.honoraria(clusters, honoraria.honorarium_period(scheme, year)[0])


@secretariat_view
def payouts(request, scheme, year):
    """The honorarium payout list for the period 1 April `year` – 31 March `year + 1`."""
    rows = payout_rows(scheme, year)
    start, end = honoraria.honorarium_period(scheme, year)
    if request.method == "POST":
        return mark_payouts_paid(request, rows, year, start)
    people = [row.person for row in rows]
    log_access(request, "view", _("Honorarer (udbetalingsliste)"), persons=people)
    total = sum((row.share.amount for row in rows), rules.ZERO)
    return render(
        request,
        "money/payouts.html",
        {
            "scheme": scheme,
            "year": year,
            "rows": rows,
            "total": total,
            "start": start,
            "end": end,
            "unpaid": [row for row in rows if row.payment is None],
            "breadcrumbs": [
                (_("Overblik"), "/"),
                (_("Sekretariat"), reverse("secretariat:home")),
                (_("Honorarer"), None),
            ],
        },
    )


def mark_payouts_paid(request, rows, year, start):
    count = services.mark_honoraria_paid(rows, start, by=request.user)
    messages.success(request, _("%(n)d honorarer er markeret som udbetalt.") % {"n": count})
    return redirect("money:payouts", year)


@secretariat_view
def payouts_export(request, scheme, year, fmt):
    rows = payout_rows(scheme, year)
    log_access(
        request, "export", _("Udbetalingsliste for honorarer"), persons=[r.person for r in rows]
    )
    header = [
        _("Navn"), _("E-mail"), _("Klynge"), _("Post"), _("Periode"), _("Måneder"), _("Antal"),
        _("Beløb"), _("Indkomsttype"), _("Udbetales senest"),
    ]  # fmt: skip
    start, end = honoraria.honorarium_period(scheme, year)
    period = f"{danish.day(start)}–{danish.day(end)}"
    data = [
        [
            row.person.name,
            row.person.email,
            row.cluster.name,
            str(row.kind_label),
            period,
            ", ".join(danish.month(m) for m in row.share.months),
            row.share.month_count,
            row.share.amount,
            _("B-indkomst"),
            end,
        ]
        for row in rows
    ]
    return table_response(fmt, f"honorarer-{scheme.code}-{year}", header, data, _("Honorarer"))
