"""The attendance list (mødedeltagerliste) as a PDF and as a table (CSV): built here, served by the
attendance views and e-mailed to the secretariat by services.send_attendance_list."""

from django.utils import timezone

from klynge.lib import tables
from klynge.lib.pdf import render_pdf
from klynge.meetings import ics
from klynge.meetings.models import Invitation


def attendance_invitations(meeting):
    return meeting.invitations.select_related("person", "clinic").order_by("person__name")


HEADER = [
    "Klynge",
    "Dato",
    "Mødested",
    "Navn",
    "Klinik",
    "Ydernummer",
    "Rolle",
    "Svar",
    "Fremmøde",
]


def list_rows(meeting):
    from klynge.clusters.models import ClinicAffiliation

    roles = dict(ClinicAffiliation.Role.choices)
    rows = []
    for invitation in attendance_invitations(meeting):
        rows.append(
            {
                "invitation": invitation,
                "name": invitation.person.name,
                "clinic": invitation.clinic.name if invitation.clinic else "",
                "ydernummer": invitation.clinic.ydernummer if invitation.clinic else "",
                "role": str(roles.get(invitation.role, invitation.role)),
                "answer": invitation.get_answer_display(),
                "attendance": invitation.get_attendance_display(),
            }
        )
    return rows


def attendance_table(meeting) -> tables.Table:
    when = meeting.start
    place = ics.location_of(meeting)
    rows = [
        [meeting.cluster.name, when, place, row["name"], row["clinic"], row["ydernummer"],
         row["role"], row["answer"], row["attendance"]]
        for row in list_rows(meeting)
    ]  # fmt: skip
    columns = [tables.Column(h, tables.CODE if h == "Ydernummer" else tables.TEXT) for h in HEADER]
    return tables.Table(columns, rows, sheet="Mødedeltagerliste")


def attendance_csv(meeting) -> bytes:
    return tables.csv_bytes(attendance_table(meeting))


def attendance_pdf(meeting, blank: bool = False) -> bytes:
    rows = list_rows(meeting)
    return render_pdf(
        "meetings/pdf/attendance_list.html",
        {
            "meeting": meeting,
            "cluster": meeting.cluster,
            "rows": rows,
            "guests": list(meeting.guests.all()),
            "blank": blank,
            "location": ics.location_of(meeting),
            "present": sum(
                r["invitation"].attendance == Invitation.Attendance.PRESENT for r in rows
            ),
            "now": timezone.now(),
        },
    )
