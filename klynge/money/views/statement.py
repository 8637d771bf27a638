"""PLO's account statement (KiAP clusters): the coordinator, the board or PLO uploads it for a
year; each line is matched to an approved claim, an honorarium paid or the grant, and the annual
accounts take their opening and closing balance from it."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import STAFF_READ, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import RulebookVersion
from klynge.lib.money import kr
from klynge.lib.phrases import stored
from klynge.money import lookups, phrases, rules, services
from klynge.money.crumbs import money_crumbs
from klynge.money.forms import StatementForm
from klynge.money.models import Claim, HonorariumPayment, Statement, StatementLine

YEARS = range(2000, 2101)


def expected_grant(cluster, year: int):
    """The grant the rulebook gives: listed group-1 patients on 1 March × the year's rate."""
    try:
        rate = cluster.rulebook_on(date(year, 3, 1)).income_per_listed_patient
    except RulebookVersion.DoesNotExist:
        return rules.ZERO
    return rules.kiap_income([lookups.listed_patients(cluster, year)], rate)


@cluster_view(STAFF_READ)
def statement(request, cluster, year):
    if year not in YEARS or cluster.scheme.is_specialist:
        raise Http404  # PLO keeps the account of general practice clusters only
    today = timezone.localdate()
    form = StatementForm(request.POST or None, request.FILES or None, year=year, today=today)
    if request.method == "POST" and form.is_valid():
        saved = services.import_statement(
            cluster,
            year,
            form.cleaned_data["file"].name,
            form.lines,
            by=request.user,
            grant=expected_grant(cluster, year),
            reason=stored(phrases.STATEMENT_IMPORTED),
        )
        unmatched = saved.lines.filter(match=StatementLine.Match.OTHER).count()
        messages.success(
            request,
            _("Kontoudtoget er indlæst: %(n)d linjer, heraf %(other)d som kun kontoudtoget viser.")
            % {"n": len(form.lines), "other": unmatched},
        )
        return redirect("money:statement", cluster.slug, year)
    current = (
        Statement.objects.filter(accounts__cluster=cluster, accounts__year=year)
        .select_related("imported_by")
        .first()
    )
    lines, choices = [], []
    if current is not None:
        lines = list(
            current.lines.select_related("claim__meeting", "honorarium__person", "accounts_line")
        )
        people = {line.honorarium.person for line in lines if line.honorarium_id}
        claims, payments = free(cluster)
        people |= {payment.person for payment in payments}
        choices = choices_of(claims, payments)
        if people:
            log_access(request, "view", _("Kontoudtog: honorarer"), people, cluster)
    return render(
        request,
        "money/statement.html",
        {
            "cluster": cluster,
            "year": year,
            "form": form,
            "current": current,
            "lines": lines,
            "Match": StatementLine.Match,
            "choices": choices,
            "breadcrumbs": money_crumbs(
                cluster,
                (
                    _("Årsregnskab %(year)d") % {"year": year},
                    reverse("money:accounts", args=[cluster.slug, year]),
                ),
                (_("Kontoudtog"), None),
            ),
        },
    )


def free(cluster) -> tuple[list, list]:
    """Approved claims and honoraria paid that no statement line is matched to (two queries)."""
    taken = StatementLine.objects.filter(statement__accounts__cluster=cluster)
    claims = (
        Claim.objects.approved()
        .filter(cluster=cluster)
        .exclude(pk__in=taken.filter(claim__isnull=False).values("claim_id"))
        .select_related("meeting")
        .order_by("meeting__start", "pk")
    )
    payments = (
        HonorariumPayment.objects.filter(cluster=cluster)
        .exclude(pk__in=taken.filter(honorarium__isnull=False).values("honorarium_id"))
        .select_related("person")
        .order_by("paid_at", "pk")
    )
    return list(claims), list(payments)


def choices_of(claims, payments) -> list[tuple[str, str]]:
    found = [
        (
            f"claim:{c.pk}",
            _("Refusion: %(meeting)s (%(amount)s)")
            % {"meeting": c.meeting.title, "amount": kr(c.approved_amount)},
        )
        for c in claims
    ]
    found += [
        (
            f"honorarium:{p.pk}",
            _("Honorar: %(person)s (%(amount)s)")
            % {"person": p.person.name, "amount": kr(p.amount)},
        )
        for p in payments
    ]
    return found


def _chosen(cluster, line, choice: str):
    """(match, claim, honorarium) for the choice, or None if it is not one the line may take."""
    Match = StatementLine.Match
    if choice in (Match.INCOME, Match.OTHER):
        return choice, None, None
    kind, _sep, pk = choice.partition(":")
    if not pk.isdigit():
        return None
    claims, payments = free(cluster)
    if kind == "claim":
        allowed = {c.pk: c for c in claims} | ({line.claim_id: line.claim} if line.claim_id else {})
        return (Match.CLAIM, allowed[int(pk)], None) if int(pk) in allowed else None
    if kind == "honorarium":
        allowed = {p.pk: p for p in payments}
        if line.honorarium_id:
            allowed[line.honorarium_id] = line.honorarium
        return (Match.HONORARIUM, None, allowed[int(pk)]) if int(pk) in allowed else None
    return None


@cluster_view(STAFF_READ)
@require_POST
def rematch(request, cluster, year):
    """Match one line by hand: a claim or honorarium not yet matched, the grant, or "only on the
    statement" (an accounts line)."""
    if year not in YEARS or cluster.scheme.is_specialist:
        raise Http404
    pk = request.POST.get("line", "")
    line = None
    if pk.isdigit():
        line = (
            StatementLine.objects.filter(
                statement__accounts__cluster=cluster, statement__accounts__year=year, pk=int(pk)
            )
            .select_related("claim", "honorarium", "accounts_line", "statement__accounts")
            .first()
        )
    chosen = _chosen(cluster, line, request.POST.get("choice", "")) if line else None
    if chosen is None:
        messages.error(request, _("Vælg en af mulighederne for linjen. Intet er ændret."))
        return redirect("money:statement", cluster.slug, year)
    match, claim, honorarium = chosen
    services.rematch_statement_line(
        line, match, claim=claim, honorarium=honorarium, by=request.user,
        reason=stored(phrases.STATEMENT_MATCHED),
    )  # fmt: skip
    messages.success(request, _("Linjen er afstemt."))
    return redirect("money:statement", cluster.slug, year)
