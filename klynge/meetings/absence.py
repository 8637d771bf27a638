"""The absence rule: a member may miss at most N of the year's meetings (klyngens regler)."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from klynge.clusters.models import Person
from klynge.meetings.models import Invitation, Meeting


@dataclass
class AbsenceRow:
    person: Person
    held: int
    present: int
    missed: int
    limit: int

    @property
    def status(self) -> str:
        if self.missed > self.limit:
            return "over"
        if self.missed == self.limit:
            return "at_limit"
        return "ok"


MISSED = (Invitation.Attendance.EXCUSED, Invitation.Attendance.ABSENT)


def absence_records(cluster, year: int, person: Person | None = None) -> list[AbsenceRow]:
    """Per member invited to the year's held meetings: how many they missed against the rule.

    The rule is about members: those of the cluster today (or on the year's last day, for a past
    year); a clinic that has left is no longer listed."""
    rules = cluster.rules_on(date(year, 12, 31))
    on = min(timezone.localdate(), date(year, 12, 31))
    invitations = Invitation.objects.filter(
        person__in=Person.objects.members_of(cluster, on).values("pk"),
        meeting__cluster=cluster,
        meeting__kind=Meeting.Kind.CLUSTER,
        meeting__start__year=year,
        meeting__status__in=Meeting.HELD_STATUSES,
    ).select_related("person")
    if person is not None:
        invitations = invitations.filter(person=person)
    rows: dict[int, AbsenceRow] = {}
    for invitation in invitations:
        row = rows.setdefault(
            invitation.person_id, AbsenceRow(invitation.person, 0, 0, 0, rules.max_absences)
        )
        row.held += 1
        if invitation.attendance == Invitation.Attendance.PRESENT:
            row.present += 1
        elif invitation.attendance in MISSED:
            row.missed += 1
    return sorted(rows.values(), key=lambda r: (-r.missed, r.person.name))
