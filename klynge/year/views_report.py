"""The status report for the previous year, and the secretariat's view of who has submitted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import (
    MANAGE,
    OVERSIGHT,
    STAFF_READ,
    can,
    cluster_view,
    secretariat_view,
)
from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import Cluster
from klynge.lib.pdf import pdf_response
from klynge.year import report as report_of
from klynge.year import services_plan, services_report
from klynge.year.forms import ReopenForm, ReportForm, SectionForm
from klynge.year.models import ReportSection, StatusReport


def check_year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return year


@cluster_view(STAFF_READ)
def reports(request, cluster):
    rows = list(StatusReport.objects.filter(cluster=cluster).order_by("-year"))
    last_year = timezone.localdate().year - 1
    return render(
        request,
        "year/reports.html",
        {
            "cluster": cluster,
            "reports": rows,
            "last_year": last_year,
            "has_last": any(r.year == last_year for r in rows),
            "breadcrumbs": cluster_crumbs(cluster, (_("Statusrapporter"), None)),
        },
    )


def render_report(request, cluster, year, report, form=None, reopen_form=None):
    context = report_of.context(cluster, year, report)
    submitted = bool(report and report.is_submitted)
    if reopen_form is None and submitted and can(request, OVERSIGHT):
        reopen_form = ReopenForm()
    context.update(
        {
            "form": form,
            "reopen_form": reopen_form,
            "can_manage": can(request, MANAGE),
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Statusrapporter"), reverse("year:reports", args=[cluster.slug])),
                (str(year), None),
            ),
        }
    )
    return render(request, "year/report.html", context)


def report_form(request, cluster, report):
    """The answers form, for those who manage the cluster while the report is not submitted."""
    if not can(request, MANAGE) or (report and report.is_submitted):
        return None
    return ReportForm(
        request.POST or None,
        sections=report_of.sections_of(cluster.scheme),
        answers=report.answers if report else {},
    )


@cluster_view(STAFF_READ)
def report_view(request, cluster, report_year):
    """One form: "Gem kladde" keeps the answers here, "Indsend" (report_submit) submits exactly
    what is in the form."""
    year = check_year(report_year)
    report = StatusReport.objects.filter(cluster=cluster, year=year).first()
    form = report_form(request, cluster, report)
    if form is not None and request.method == "POST" and form.is_valid():
        services_report.save_answers(cluster, year, form.cleaned_data, by=request.user)
        messages.success(request, _("Dine svar er gemt som kladde."))
        return redirect("year:report", cluster.slug, year)
    return render_report(request, cluster, year, report, form)


@cluster_view(MANAGE)
@require_POST
def report_submit(request, cluster, report_year):
    year = check_year(report_year)
    report = StatusReport.objects.filter(cluster=cluster, year=year).first()
    form = report_form(request, cluster, report)
    if form is None:  # already submitted: nothing changes
        return redirect("year:report", cluster.slug, year)
    if not form.is_valid():
        return render_report(request, cluster, year, report, form)
    return submit_report(request, cluster, year, form)


def submit_report(request, cluster, year, form):
    try:
        services_report.submit(cluster, year, form.cleaned_data, by=request.user, request=request)
    except ValidationError as error:
        form.add_error(None, error.messages[0])
        report = StatusReport.objects.filter(cluster=cluster, year=year).first()
        return render_report(request, cluster, year, report, form)
    messages.success(
        request, _("Rapporten for %(year)d er indsendt til sekretariatet.") % {"year": year}
    )
    return redirect("year:report", cluster.slug, year)


@cluster_view(OVERSIGHT)
def report_reopen(request, cluster, report_year):
    """The secretariat reopens a submitted report with a reason (logged, mailed)."""
    year = check_year(report_year)
    if request.method != "POST":
        return redirect("year:report", cluster.slug, year)
    report = get_object_or_404(cluster.status_reports, year=year)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services_report.reopen(report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("year:report", cluster.slug, year)
        messages.success(request, _("Rapporten er genåbnet; koordinatoren har fået besked."))
        return redirect("year:report", cluster.slug, year)
    return render_report(request, cluster, year, report, reopen_form=form)


@cluster_view(STAFF_READ)
def report_pdf(request, cluster, report_year):
    year = check_year(report_year)
    report = StatusReport.objects.filter(cluster=cluster, year=year).first()
    return pdf_response(
        report_of.pdf_bytes(cluster, year, report, request), f"status-{cluster.slug}-{year}"
    )


def submission_rows(scheme, year: int) -> list[tuple[Cluster, StatusReport | None]]:
    """Every cluster of the scheme with its report for the year (two queries)."""
    found = {
        r.cluster_id: r
        for r in StatusReport.objects.filter(cluster__scheme=scheme, year=year).select_related(
            "submitted_by"
        )
    }
    clusters = Cluster.objects.filter(scheme=scheme).select_related("region").order_by("name")
    return [(cluster, found.get(cluster.pk)) for cluster in clusters]


@secretariat_view
def secretariat_reports(request, scheme):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("aar", today.year - 1))
    except ValueError:
        year = today.year - 1
    rows = submission_rows(scheme, year)
    submitted = sum(1 for _c, r in rows if r and r.is_submitted)
    return render(
        request,
        "year/secretariat_reports.html",
        {
            "scheme": scheme,
            "year": year,
            "rows": rows,
            "submitted": submitted,
            "years": list(range(today.year - 1, today.year - 5, -1)),
            "breadcrumbs": [
                (_("Overblik"), "/"),
                (_("Sekretariat"), reverse("secretariat:home")),
                (_("Statusrapporter"), None),
            ],
        },
    )


@secretariat_view
def secretariat_sections(request, scheme):
    """The secretariat keeps its status report form: sections, order, what is pre-filled."""
    sections = ReportSection.objects.filter(scheme=scheme).order_by("order", "pk")
    editing = None
    edit_id = request.GET.get("rediger") or request.POST.get("section")
    if edit_id and str(edit_id).isdigit():
        editing = get_object_or_404(sections, pk=edit_id)
    form = SectionForm(request.POST or None, instance=editing, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        services_plan.save_report_section(scheme, form.save(commit=False), by=request.user)
        messages.success(request, _("Afsnittet er gemt."))
        return redirect("year:secretariat_sections")
    return render(
        request,
        "year/secretariat_sections.html",
        {
            "scheme": scheme,
            "sections": list(sections),
            "form": form,
            "editing": editing,
            "breadcrumbs": [
                (_("Overblik"), "/"),
                (_("Sekretariat"), reverse("secretariat:home")),
                (_("Statusrapportens afsnit"), None),
            ],
        },
    )
