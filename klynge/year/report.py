"""The figures of a status report, computed from what Klynge recorded during the year.

Plain values only (they are stored as JSON on submission so a submitted report never changes).
Attendance rate = invited people present / invited people (walk-ins count as present, not as
invited); excused = absent with an apology.
"""

from collections import defaultdict
from datetime import date

from django.apps import apps
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.lib.pdf import render_pdf
from klynge.meetings.models import AgendaItem, Invitation, Meeting
from klynge.surveys.models import Survey
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    PackageOrder,
    PlannedTopic,
    ReportSection,
)

A = Invitation.Attendance


def rate(present: int, invited: int) -> float | None:
    return round(100 * present / invited, 1) if invited else None


def _attendance(ids: list[int]) -> tuple[dict, dict]:
    """Counts per meeting (invited, present, excused, absent, walk-ins) and per clinic."""
    per_meeting: dict = defaultdict(
        lambda: {
            "invited": 0,
            "present": 0,
            "excused": 0,
            "absent": 0,
            "walk_ins": 0,
            "present_invited": 0,
        }
    )
    per_clinic: dict = defaultdict(lambda: {"name": "", "invited": 0, "present_invited": 0})
    rows = Invitation.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "attendance", "walk_in", "clinic_id", "clinic__name", "clinic__ydernummer"
    )
    for meeting_id, attendance, walk_in, clinic_id, clinic_name, ydernummer in rows:
        counts = per_meeting[meeting_id]
        if walk_in:
            counts["walk_ins"] += 1
        else:
            counts["invited"] += 1
        if attendance == A.PRESENT:
            counts["present"] += 1
            if not walk_in:
                counts["present_invited"] += 1
        elif attendance == A.EXCUSED:
            counts["excused"] += 1
        elif attendance == A.ABSENT:
            counts["absent"] += 1
        if clinic_id and not walk_in:
            clinic = per_clinic[clinic_id]
            clinic["name"] = f"{clinic_name} ({ydernummer})"
            clinic["invited"] += 1
            clinic["present_invited"] += attendance == A.PRESENT
    return per_meeting, per_clinic


def _contents(ids: list[int]) -> tuple[dict, dict, dict, dict]:
    """Per meeting: its packages, planned topics and decisions; and the actions by status."""
    packages = defaultdict(list)
    for meeting_id, title in (
        PackageOrder.objects.filter(meeting_id__in=ids)
        .exclude(status=PackageOrder.Status.CANCELLED)
        .values_list("meeting_id", "package__title")
    ):
        packages[meeting_id].append(title)
    topics = defaultdict(list)
    for meeting_id, title, revisit in PlannedTopic.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "title", "revisit_of_id"
    ):
        topics[meeting_id].append({"title": title, "revisit": revisit is not None})
    decisions = defaultdict(list)
    actions = {"open": 0, "done": 0, "dropped": 0}
    try:
        Decision = apps.get_model("meetings", "Decision")
        Action = apps.get_model("meetings", "Action")
    except LookupError:
        Decision = Action = None
    if Decision is not None:
        for meeting_id, text in Decision.objects.filter(meeting_id__in=ids).values_list(
            "meeting_id", "text"
        ):
            decisions[meeting_id].append(text)
        for status in Action.objects.filter(meeting_id__in=ids).values_list("status", flat=True):
            actions[status] = actions.get(status, 0) + 1
    return packages, topics, decisions, actions


def _meeting_row(meeting, counts: dict, packages, topics, decisions) -> dict:
    return {
        "pk": meeting.pk,
        "date": timezone.localdate(meeting.start).isoformat(),
        "title": meeting.title,
        "kind": meeting.kind,
        "topic": meeting.topic,
        "topics": topics[meeting.pk],
        "venue_type": meeting.get_venue_type_display(),
        "packages": packages[meeting.pk],
        "invited": counts["invited"],
        "present": counts["present"],
        "walk_ins": counts["walk_ins"],
        "excused": counts["excused"],
        "absent": counts["absent"],
        "rate": rate(counts["present_invited"], counts["invited"]),
        "decisions": decisions[meeting.pk],
    }


def _assemblies(cluster, year: int) -> list[dict]:
    assemblies = []
    for assembly in (
        Assembly.objects.filter(meeting__cluster=cluster, meeting__start__year=year)
        .select_related("meeting")
        .prefetch_related("elections__person", "decisions")
    ):
        assemblies.append(
            {
                "date": assembly.day.isoformat(),
                "confirmed": assembly.confirmed_at is not None,
                "elections": [
                    {
                        "person": e.person.name,
                        "post": e.get_kind_display(),
                        "outcome": e.get_outcome_display(),
                        "start": e.start.isoformat(),
                        "term_end": e.term_end.isoformat() if e.term_end else None,
                    }
                    for e in assembly.elections.all()
                ],
                "decisions": [
                    {"topic": d.get_topic_display(), "text": d.text}
                    for d in assembly.decisions.all()
                ],
            }
        )
    return assemblies


def _activities(cluster, year: int) -> list[dict]:
    return [
        {
            "date": a.date.isoformat(),
            "kind": a.get_kind_display(),
            "counterpart": a.counterpart,
            "description": a.description,
        }
        for a in ExternalActivity.objects.filter(
            cluster=cluster, date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1)
        ).order_by("date")
    ]


def _surveys(cluster, year: int) -> dict:
    """Questionnaires sent in the year, and the answers they got (one query)."""
    found = Survey.objects.filter(cluster=cluster, sent_at__year=year).aggregate(
        sent=Count("pk", distinct=True), answers=Count("responses", distinct=True)
    )
    return {"sent": found["sent"], "answers": found["answers"]}


def compute(cluster, year: int) -> dict:
    """Meetings held, attendance per meeting and clinic, decisions, assembly, activities."""
    meetings = list(
        Meeting.objects.filter(
            cluster=cluster, start__year=year, status__in=Meeting.HELD_STATUSES
        ).order_by("start")
    )
    # start__year is evaluated in the current time zone (Europe/Copenhagen).
    ids = [m.pk for m in meetings]
    per_meeting, per_clinic = _attendance(ids)
    packages, topics, decisions, actions = _contents(ids)
    meeting_rows = []
    totals = {"invited": 0, "present_invited": 0, "present": 0, "excused": 0, "absent": 0}
    for meeting in meetings:
        counts = per_meeting[meeting.pk]
        for key in totals:
            totals[key] += counts[key]
        meeting_rows.append(_meeting_row(meeting, counts, packages, topics, decisions))
    clinic_rows = sorted(
        (
            {
                "name": c["name"],
                "invited": c["invited"],
                "present": c["present_invited"],
                "rate": rate(c["present_invited"], c["invited"]),
            }
            for c in per_clinic.values()
        ),
        key=lambda row: row["name"],
    )
    cluster_meetings = [m for m in meeting_rows if m["kind"] == Meeting.Kind.CLUSTER]
    return {
        "year": year,
        "meetings": meeting_rows,
        "meeting_count": len(cluster_meetings),
        "assembly_count": len(meeting_rows) - len(cluster_meetings),
        "totals": {**totals, "rate": rate(totals["present_invited"], totals["invited"])},
        "clinics": clinic_rows,
        "actions": actions,
        "decision_count": sum(len(m["decisions"]) for m in meeting_rows),
        "bases": AgendaItem.objects.filter(meeting_id__in=ids).basis_counts(),
        "surveys": _surveys(cluster, year),
        "assemblies": _assemblies(cluster, year),
        "activities": _activities(cluster, year),
    }


def sections_of(scheme) -> list[ReportSection]:
    return list(ReportSection.objects.filter(scheme=scheme, active=True).order_by("order", "pk"))


def title_of(cluster, year: int) -> str:
    return (
        _("Status for %(year)d til eKVIS")
        if cluster.scheme.is_specialist
        else _("KiAP's spørgeskema om klyngens aktivitet i %(year)d")
    ) % {"year": year}


def context(cluster, year: int, report) -> dict:
    """What the report page and its PDF show: the stored figures once submitted, else live ones."""
    figures = report.figures if report and report.is_submitted and report.figures else None
    answers = report.answers if report else {}
    return {
        "cluster": cluster,
        "year": year,
        "report": report,
        "figures": figures or compute(cluster, year),
        "sections": [(s, answers.get(s.key, "")) for s in sections_of(cluster.scheme)],
        "title": title_of(cluster, year),
    }


def pdf_bytes(cluster, year: int, report, request=None) -> bytes:
    return render_pdf("year/pdf/report.html", context(cluster, year, report), request)
