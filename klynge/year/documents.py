"""The general assembly's minutes as a PDF: downloaded from the assembly's page and mailed to
the members when the minutes are confirmed."""

from klynge.lib.pdf import render_pdf
from klynge.year.rule_words import decisions_in_words


def minutes_pdf_bytes(assembly, request=None) -> bytes:
    return render_pdf(
        "year/pdf/minutes.html",
        {
            "cluster": assembly.cluster,
            "assembly": assembly,
            "meeting": assembly.meeting,
            "agenda": assembly.agenda_items(),
            "elections": list(assembly.elections.select_related("person")),
            "decisions": decisions_in_words(assembly),
            "proposals": list(assembly.proposals.all()),
            "present": list(
                assembly.meeting.invitations.filter(attendance="present")
                .select_related("person")
                .order_by("person__name")
            ),
        },
        request=request,
    )
