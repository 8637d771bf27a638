"""The national overview as a spreadsheet: one row per cluster, the same columns as the page."""

from django.utils.translation import gettext as _

from klynge.lib import danish
from klynge.year.models import StatusReport


def yes_no(value) -> str:
    if value is None:
        return ""
    return _("Ja") if value else _("Nej")


def local_day(moment) -> str:
    return danish.day(moment)


def report_label(status: str) -> str:
    if not status:
        return _("Ikke påbegyndt")
    return str(StatusReport.Status(status).label)


def header(january: bool) -> list[str]:
    columns = [
        _("Klynge"),
        _("Region"),
        _("Speciale eller kommune"),
        _("Koordinator"),
        _("Valgt til"),
        _("Samtykke til klyngeoversigten"),
        _("Samtykke givet"),
        _("Samtykke til videregivelse på forespørgsel"),
        _("Samtykke til videregivelse givet"),
        _("Klinikker"),
        _("Personer"),
        _("Møder afholdt i år"),
        _("Møder om året ifølge reglerne"),
        _("Næste møde"),
        _("Refusionskrav venter"),
        _("Godkendte krav i år"),
        _("Godkendt beløb i år"),
        _("Statusrapport for sidste år"),
    ]
    if january:
        columns.append(_("Januartjek"))
    return columns + [_("Generalforsamling afholdt"), _("Koordinatorskifte"), _("Kræver handling")]


def row_cells(row, january: bool) -> list:
    cluster, post = row.cluster, row.coordinator
    cells = [
        cluster.name,
        cluster.region.name,
        cluster.specialty or cluster.municipality,
        post.person.name if post else "",
        danish.day(post.term_end) if post else "",
        yes_no(row.directory_consent) if post else "",
        local_day(post.directory_consent_at) if post and post.directory_consent else "",
        yes_no(row.pass_on_consent) if post else "",
        local_day(post.pass_on_consent_at) if post and post.pass_on_consent else "",
        row.clinics,
        row.people,
        row.meetings_held,
        row.meetings_rule,
        local_day(row.next_meeting),
        row.claims_waiting,
        row.claims_approved,
        row.approved_amount or 0,
        report_label(row.report_status),
    ]
    if january:
        cells.append(yes_no(row.january_checked))
    handover = ""
    if row.handover:
        handover = f"{row.handover.successor.name} {danish.day(row.handover.effective)}"
    return cells + [yes_no(row.assembly_held), handover, "; ".join(row.flags)]
