"""The status report for the previous year, and the secretariat's view of who has submitted."""

from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import MANAGE, STAFF_READ, can, cluster_view, secretariat_view
from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import Cluster
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.mail.outbox import absolute, queue_mail
from klynge.year import report as figures_of
from klynge.year.forms import ReportForm, SectionForm
from klynge.year.models import ReportSection, StatusReport


def check_year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return year


def sections_of(scheme) -> list[ReportSection]:
    return list(ReportSection.objects.filter(scheme=scheme, active=True).order_by("order", "pk"))


def report_context(cluster, year, report):
    sections = sections_of(cluster.scheme)
    figures = report.figures if report and report.is_submitted and report.figures else None
    figures = figures or figures_of.compute(cluster, year)
    answers = report.answers if report else {}
    return {
        "cluster": cluster,
        "year": year,
        "report": report,
        "figures": figures,
        "sections": [(s, answers.get(s.key, "")) for s in sections],
        "title": (
            _("Status for %(year)d til eKVIS")
            if cluster.scheme.is_specialist
            else _("KiAP's spørgeskema om klyngens aktivitet i %(year)d")
        )
        % {"year": year},
    }


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


@cluster_view(STAFF_READ)
def report_view(request, cluster, report_year):
    year = check_year(report_year)
    report = StatusReport.objects.filter(cluster=cluster, year=year).first()
    manage = can(request, MANAGE)
    editable = manage and not (report and report.is_submitted)
    sections = sections_of(cluster.scheme)
    form = None
    if editable:
        form = ReportForm(
            request.POST or None, sections=sections, answers=report.answers if report else {}
        )
        if request.method == "POST" and form.is_valid():
            report = report or StatusReport(cluster=cluster, year=year)
            report.answers = {k: v for k, v in form.cleaned_data.items() if v}
            report.save()
            messages.success(request, _("Dine svar er gemt som kladde."))
            return redirect("year:report", cluster.slug, year)
    context = report_context(cluster, year, report)
    context.update(
        {
            "form": form,
            "can_manage": manage,
            "breadcrumbs": cluster_crumbs(
                cluster,
                (_("Statusrapporter"), reverse("year:reports", args=[cluster.slug])),
                (str(year), None),
            ),
        }
    )
    return render(request, "year/report.html", context)


@cluster_view(MANAGE)
def report_submit(request, cluster, report_year):
    year = check_year(report_year)
    if request.method != "POST":
        return redirect("year:report", cluster.slug, year)
    if year >= timezone.localdate().year:
        messages.error(
            request, _("Året er ikke slut endnu; rapporten kan indsendes fra 1. januar.")
        )
        return redirect("year:report", cluster.slug, year)
    with transaction.atomic():
        report, _created = StatusReport.objects.select_for_update().get_or_create(
            cluster=cluster, year=year
        )
        if report.is_submitted:
            messages.info(request, _("Rapporten er allerede indsendt."))
            return redirect("year:report", cluster.slug, year)
        report.figures = figures_of.compute(cluster, year)
        report.status = StatusReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = request.user
        report._change_reason = _("Indsendt til sekretariatet")
        report.save()
        pdf = report_pdf_bytes(cluster, year, report, request)
        queue_mail(
            "year_status_report",
            cluster.scheme.secretariat_email,
            {
                "cluster": cluster,
                "year": year,
                "report": report,
                "url": absolute(reverse("year:report", args=[cluster.slug, year])),
            },
            key=f"status-report:{report.pk}:secretariat",
            cluster=cluster,
            about=report,
            attachments={f"status-{cluster.slug}-{year}.pdf": ContentFile(pdf)},
        )
    messages.success(
        request, _("Rapporten for %(year)d er indsendt til sekretariatet.") % {"year": year}
    )
    return redirect("year:report", cluster.slug, year)


def report_pdf_bytes(cluster, year, report, request=None) -> bytes:
    return render_pdf("year/pdf/report.html", report_context(cluster, year, report), request)


@cluster_view(STAFF_READ)
def report_pdf(request, cluster, report_year):
    year = check_year(report_year)
    report = StatusReport.objects.filter(cluster=cluster, year=year).first()
    return pdf_response(
        report_pdf_bytes(cluster, year, report, request), f"status-{cluster.slug}-{year}"
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
        section = form.save(commit=False)
        section.scheme = scheme
        section.save()
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
