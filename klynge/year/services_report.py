"""State changes of the status report: submit what is in the form, and the secretariat's
reopening with a reason. Each is a @service: its history names who and why."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.audit import Actor, service
from klynge.lib.phrases import stored
from klynge.mail.outbox import absolute, queue_mail
from klynge.year import phrases
from klynge.year import report as report_of
from klynge.year.models import StatusReport
from klynge.year.services import current_coordinator_post


def locked_report(cluster, year: int) -> StatusReport:
    report, _created = StatusReport.objects.select_for_update().get_or_create(
        cluster=cluster, year=year
    )
    return report


def check_submittable(report: StatusReport, today) -> None:
    if report.year >= today.year:
        raise ValidationError(
            _("Året er ikke slut endnu; rapporten kan indsendes fra 1. januar."), code="early"
        )
    if report.is_submitted:
        raise ValidationError(_("Rapporten er allerede indsendt."), code="submitted")


@service
def save_answers(cluster, year: int, answers: dict, *, by) -> StatusReport:
    """Keep the draft: the answers typed so far (empty ones left out)."""
    report = locked_report(cluster, year)
    if report.is_submitted:
        raise ValidationError(_("Rapporten er allerede indsendt."), code="submitted")
    report.answers = {key: value for key, value in answers.items() if value}
    report._change_reason = stored(phrases.REPORT_DRAFT_SAVED)
    report.save()
    return report


@service
def submit(cluster, year: int, answers: dict, *, by, request=None) -> StatusReport:
    """Submit what is in the form: the answers are saved with the figures of the day and sent to
    the secretariat as a PDF (a new mail for each submission after a reopening)."""
    report = locked_report(cluster, year)
    check_submittable(report, timezone.localdate())
    report.answers = {key: value for key, value in answers.items() if value}
    report.figures = report_of.compute(cluster, year)
    report.status = StatusReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = Actor.of(by).user
    report._change_reason = stored(phrases.REPORT_SUBMITTED)
    report.save()
    pdf = report_of.pdf_bytes(cluster, year, report, request)
    again = f":{report.reopen_count}" if report.reopen_count else ""
    queue_mail(
        "year_status_report",
        cluster.scheme.secretariat_email,
        {"cluster": cluster, "year": year, "report": report, "url": report_url(report)},
        key=f"status-report:{report.pk}:secretariat{again}",
        cluster=cluster,
        about=report,
        attachments={f"status-{cluster.slug}-{year}.pdf": ContentFile(pdf)},
    )
    return report


@service
def reopen(report: StatusReport, *, by, reason: str) -> StatusReport:
    """The secretariat reopens a submitted report: a draft again, the answers kept, the reason
    logged and mailed to the coordinator."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Skriv hvorfor rapporten genåbnes."), code="reason")
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_submitted:
        raise ValidationError(_("Rapporten er ikke indsendt; den kan rettes i forvejen."))
    report.status = StatusReport.Status.DRAFT
    report.reopened_at = timezone.now()
    report.reopen_reason = reason
    report.reopen_count += 1
    report._change_reason = stored(phrases.REPORT_REOPENED, reason=reason)
    report.save()
    cluster = report.cluster
    post = current_coordinator_post(cluster, timezone.localdate())
    if post is not None and post.person.email:
        queue_mail(
            "year_status_reopened",
            post.person.email,
            {
                "cluster": cluster,
                "report": report,
                "person": post.person,
                "url": report_url(report),
            },
            key=f"status-report:{report.pk}:reopened:{report.reopen_count}:{post.person_id}",
            cluster=cluster,
            about=report,
        )
    return report


def report_url(report: StatusReport) -> str:
    return absolute(reverse("year:report", args=[report.cluster.slug, report.year]))
