"""Meetings (cluster meetings and general assemblies), invitations, answers and attendance.

The core that money (refunds count specialists present) and the year (the general assembly is a
meeting) build on. The meetings app adds date polls, agenda, materials, decisions and minutes.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).exclude(
            status=Meeting.Status.CANCELLED
        )

    def held_in_year(self, year: int):
        return self.filter(start__year=year, status__in=Meeting.HELD_STATUSES)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Klyngemøde")
        ASSEMBLY = "assembly", _("Generalforsamling")

    class VenueType(models.TextChoices):
        CLINIC = "clinic", _("I en klinik")
        OUTSIDE = "outside", _("Ude i byen (sted med mødefaciliteter)")
        VIRTUAL = "virtual", _("Virtuelt")

    class Status(models.TextChoices):
        PLANNING = "planning", _("Under planlægning")
        CALLED = "called", _("Indkaldt")
        HELD = "held", _("Afholdt")
        CLOSED = "closed", _("Afsluttet")
        CANCELLED = "cancelled", _("Aflyst")

    HELD_STATUSES = (Status.HELD, Status.CLOSED)

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.CLUSTER)
    title = models.CharField(_("titel"), max_length=200)
    topic = models.TextField(_("fagligt emne"), blank=True)
    start = models.DateTimeField(_("starter"), null=True, blank=True)
    end = models.DateTimeField(_("slutter"), null=True, blank=True)
    venue = models.CharField(_("mødested"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse"), max_length=200, blank=True)
    venue_type = models.CharField(
        _("mødeform"), max_length=20, choices=VenueType.choices, default=VenueType.OUTSIDE
    )
    virtual_link = models.URLField(_("link til virtuelt møde"), blank=True)
    catering_ordered = models.BooleanField(_("forplejning bestilt"), default=False)
    catering_supplier = models.CharField(_("leverandør af forplejning"), max_length=200, blank=True)
    expected_count = models.PositiveSmallIntegerField(
        _("forventet antal deltagere"), null=True, blank=True
    )
    chair = models.ForeignKey(
        "members.Person",
        verbose_name=_("mødeleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_meetings",
    )
    facilitator = models.CharField(
        _("ekstern facilitator eller oplægsholder"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    answer_deadline = models.DateTimeField(_("svarfrist"), null=True, blank=True)
    # iCalendar: a stable UID, and a SEQUENCE raised on every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        ordering = ["-start"]
        indexes = [
            # Meeting.objects.held_in_year() and the cluster's list of meetings by date.
            models.Index(fields=["cluster", "start"], name="meeting_cluster_start"),
        ]

    def __str__(self):
        when = timezone.localtime(self.start).strftime("%d.%m.%Y") if self.start else "?"
        return f"{self.title} ({when})"

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES


class Invitation(models.Model):
    """One person invited to one meeting: their answer, and then their attendance."""

    class Answer(models.TextChoices):
        NONE = "none", _("Intet svar")
        YES = "yes", _("Deltager")
        NO = "no", _("Afbud")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Ikke registreret")
        PRESENT = "present", _("Til stede")
        EXCUSED = "excused", _("Fraværende med afbud")
        ABSENT = "absent", _("Udeblevet uden afbud")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="invitations"
    )
    # The clinic the person came from, kept as it was on the day (people move between clinics).
    clinic = models.ForeignKey(
        "members.Clinic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("rolle"), max_length=20, blank=True)
    answer = models.CharField(
        _("svar"), max_length=10, choices=Answer.choices, default=Answer.NONE
    )
    answer_reason = models.CharField(_("begrundelse for afbud"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    attendance = models.CharField(
        _("fremmøde"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    walk_in = models.BooleanField(_("kom uden invitation"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")
        ordering = ["meeting", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="invitation_once_per_person")
        ]
        indexes = [
            # Absence rule and status report: a person's attendance across a year's meetings.
            models.Index(fields=["person", "attendance"], name="invitation_person_attendance"),
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"

    @property
    def counts_as_specialist(self) -> bool:
        from klynge.members.models import ClinicAffiliation

        return self.role in ClinicAffiliation.DOCTOR_ROLES


def present(meeting) -> models.QuerySet:
    return meeting.invitations.filter(attendance=Invitation.Attendance.PRESENT)

