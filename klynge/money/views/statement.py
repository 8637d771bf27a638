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

from klynge.clusters.access import STAFF_READ, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import RulebookVersion
from klynge.money import lookups, rules, services
from klynge.money.crumbs import money_crumbs
from klynge.money.forms import StatementForm
from klynge.money.models import Statement, StatementLine

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
            reason=_("Kontoudtog indlæst"),
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
    lines = []
    if current is not None:
        lines = list(
            current.lines.select_related("claim__meeting", "honorarium__person", "accounts_line")
        )
        people = {line.honorarium.person for line in lines if line.honorarium_id}
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
