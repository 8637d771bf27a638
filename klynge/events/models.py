"""Events a scheme's secretariat holds for its coordinators (the yearly coordinator meeting and
others): who is invited, their answers and their attendance.

A scheme event is not a cluster meeting (it belongs to no cluster), so it has its own rows; the
machinery is the meetings app's: its status machine and time guard (`meetings.rules`), its signed
answer links (`meetings.tokens`), its calendar files (`meetings.ics`) and its answer form.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib.history import History
from klynge.meetings import rules as meeting_rules
from klynge.meetings.models import Invitation


class SchemeEventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).exclude(
            status=SchemeEvent.Status.CANCELLED
        )


class SchemeEvent(models.Model):
    class Kind(models.TextChoices):
        COORDINATOR_MEETING = "coordinator_meeting", _("Koordinatortræf")
        OTHER = "other", _("Andet arrangement")

    class Status(models.TextChoices):
        PLANNING = meeting_rules.PLANNING, _("Under planlægning")
        CALLED = meeting_rules.CALLED, _("Inviteret")
        HELD = meeting_rules.HELD, _("Afholdt")
        CANCELLED = meeting_rules.CANCELLED, _("Aflyst")

    scheme = models.ForeignKey(
        "clusters.Scheme",
        on_delete=models.CASCADE,
        related_name="scheme_events",
        verbose_name=_("ordning"),
    )
    kind = models.CharField(
        _("type"), max_length=30, choices=Kind.choices, default=Kind.COORDINATOR_MEETING
    )
    title = models.CharField(_("titel"), max_length=200)
    start = models.DateTimeField(_("starter"))
    end = models.DateTimeField(_("slutter"), null=True, blank=True)
    venue = models.CharField(_("sted"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse"), max_length=200, blank=True)
    programme = models.TextField(_("program"), blank=True)
    include_board = models.BooleanField(
        _("inviter også klyngernes bestyrelsesmedlemmer"), default=False
    )
    answer_deadline = models.DateTimeField(_("svarfrist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    # iCalendar: a stable UID, and a SEQUENCE raised on every change sent out.
    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, unique=True, verbose_name=_("kalender-UID")
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("kalenderversion")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))
    history = History()

    objects = SchemeEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        ordering = ["-start"]
        indexes = [
            # The secretariat's list of its events by date.
            models.Index(fields=["scheme", "start"], name="schemeevent_scheme_start"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.venue, self.venue_address) if part)


class EventMaterial(models.Model):
    event = models.ForeignKey(
        SchemeEvent,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("arrangement"),
    )
    # Stored under a server-made name; the uploader's file name is only a label.
    file = models.FileField(max_length=200, verbose_name=_("fil"))
    label = models.CharField(_("navn"), max_length=200)
    mime = models.CharField(max_length=120, verbose_name=_("filtype"))
    size = models.PositiveIntegerField(default=0, verbose_name=_("størrelse (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploadet af"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("uploadet"))

    class Meta:
        verbose_name = _("materiale")
        verbose_name_plural = _("materialer")
        ordering = ["event", "uploaded_at", "pk"]

    def __str__(self):
        return self.label


class EventInvitation(models.Model):
    """One person invited to one scheme event, for the cluster whose post brought the invitation:
    their answer and then their attendance (the same choices as a meeting's invitation)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordinator")
        BOARD = "board", _("Bestyrelsesmedlem")

    event = models.ForeignKey(
        SchemeEvent,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("arrangement"),
    )
    person = models.ForeignKey(
        "clusters.Person",
        on_delete=models.PROTECT,
        related_name="event_invitations",
        verbose_name=_("person"),
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("klynge"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    answer = models.CharField(
        _("svar"), max_length=10, choices=Invitation.Answer.choices, default=Invitation.Answer.NONE
    )
    answer_reason = models.CharField(_("begrundelse for afbud"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    attendance = models.CharField(
        _("fremmøde"),
        max_length=10,
        choices=Invitation.Attendance.choices,
        default=Invitation.Attendance.UNKNOWN,
    )
    invited_at = models.DateTimeField(_("inviteret"), default=timezone.now)
    # The cluster's external activity that attendance recorded (it ticks the wheel and feeds the
    # status report); removed again if the attendance is corrected.
    activity = models.ForeignKey(
        "year.ExternalActivity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ekstern aktivitet"),
    )
    history = History()

    class Meta:
        verbose_name = _("invitation til arrangement")
        verbose_name_plural = _("invitationer til arrangementer")
        ordering = ["event", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_invitation_once")
        ]

    def __str__(self):
        return f"{self.person} – {self.event}"
