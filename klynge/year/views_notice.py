"""The general assembly's notice as a PDF: date, place, the agenda, the proposals received and the
attachments, to print, hang up or send on. Members may read it, like the assembly page."""

from django.utils.translation import gettext as _

from klynge.clusters.access import READ, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.meetings.ics import location_of
from klynge.year.lookups import get_assembly


def notice_pdf_bytes(assembly, request=None) -> bytes:
    meeting = assembly.meeting
    return render_pdf(
        "year/pdf/notice.html",
        {
            "cluster": assembly.cluster,
            "assembly": assembly,
            "meeting": meeting,
            "location": location_of(meeting),
            "agenda": assembly.agenda_items(),
            "proposals": list(assembly.proposals.select_related("person")),
            "materials": list(meeting.materials.order_by("label")),
        },
        request=request,
    )


@cluster_view(READ)
def assembly_notice_pdf(request, cluster, assembly):
    assembly = get_assembly(cluster, assembly)
    proposers = [p.person for p in assembly.proposals.select_related("person") if p.person]
    log_access(
        request, "export", _("Indkaldelse til generalforsamling"), persons=proposers,
        cluster=cluster,
    )  # fmt: skip
    return pdf_response(
        notice_pdf_bytes(assembly, request),
        f"indkaldelse-generalforsamling-{cluster.slug}-{assembly.day:%Y}"
        if assembly.day
        else f"indkaldelse-generalforsamling-{cluster.slug}",
    )
