"""Meetings (cluster meetings and general assemblies), invitations, answers and attendance.

The core that money (refunds count specialists present) and the year (the general assembly is a
meeting) build on. The meetings app adds date polls, agenda, materials, decisions and minutes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib import danish
from klynge.lib.history import History


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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("klynge"),
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
        "clusters.Person",
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
    # Materials e-mailed to the invited: when last, and how many times (each send has its own key).
    materials_sent_at = models.DateTimeField(_("materiale sendt"), null=True, blank=True)
    materials_sent_count = models.PositiveSmallIntegerField(
        default=0, editable=False, verbose_name=_("antal udsendelser af materiale")
    )
    minutes_summary = models.TextField(_("referat, generelt"), blank=True)
    minutes_sent_at = models.DateTimeField(_("referat sendt"), null=True, blank=True)
    attendance_list_sent_at = models.DateTimeField(
        _("deltagerliste sendt til sekretariatet"), null=True, blank=True
    )
    cancel_reason = models.CharField(_("årsag til aflysning"), max_length=300, blank=True)
    # iCalendar: a stable UID, and a SEQUENCE raised on every change sent out.
    uid = models.UUIDField(
        default=uuid.uuid4, editable=False, unique=True, verbose_name=_("kalender-UID")
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("kalenderversion")
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))
    history = History()

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
        when = danish.day(self.start) if self.start else "?"
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

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("møde")
    )
    person = models.ForeignKey(
        "clusters.Person",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("person"),
    )
    # The clinic the person came from, kept as it was on the day (people move between clinics).
    clinic = models.ForeignKey(
        "clusters.Clinic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("klinik"),
    )
    role = models.CharField(_("rolle"), max_length=20, blank=True)
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices, default=Answer.NONE)
    answer_reason = models.CharField(_("begrundelse for afbud"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("svaret"), null=True, blank=True)
    attendance = models.CharField(
        _("fremmøde"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    walk_in = models.BooleanField(_("kom uden invitation"), default=False)
    invited_at = models.DateTimeField(_("inviteret"), null=True, blank=True)
    # Raised on every change of attendance: a device that saves an old version is told, not obeyed.
    attendance_version = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("version af fremmødet")
    )
    history = History()

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


class Guest(models.Model):
    """Someone from outside the cluster at a meeting (a speaker, a facilitator, a guest).

    Not invited and not a member: never counted for refunds, the absence rule or the counts of
    members present; listed on the attendance page and the sign-in sheet."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Oplægsholder")
        FACILITATOR = "facilitator", _("Facilitator")
        GUEST = "guest", _("Gæst")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("møde")
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.GUEST)
    created = models.DateTimeField(default=timezone.now, verbose_name=_("oprettet"))
    history = History()

    class Meta:
        verbose_name = _("gæst")
        verbose_name_plural = _("gæster")
        ordering = ["meeting", "name", "pk"]

    def __str__(self):
        return self.name


# --- Finding a date -------------------------------------------------------------------------------


class DatePoll(models.Model):
    """The coordinator proposes 2–8 times; the people asked answer through personal links."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="poll", verbose_name=_("møde")
    )
    people = models.ManyToManyField("clusters.Person", related_name="date_polls", blank=True)
    deadline = models.DateField(_("svar senest"), null=True, blank=True)
    chosen = models.ForeignKey(
        "PollOption",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("valgt dato"),
    )
    closed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))

    class Meta:
        verbose_name = _("datoafstemning")
        verbose_name_plural = _("datoafstemninger")

    def __str__(self):
        return f"{self.meeting.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class PollOption(models.Model):
    poll = models.ForeignKey(
        DatePoll, on_delete=models.CASCADE, related_name="options", verbose_name=_("datoafstemning")
    )
    start = models.DateTimeField(_("starter"))
    end = models.DateTimeField(_("slutter"))

    class Meta:
        verbose_name = _("datoforslag")
        verbose_name_plural = _("datoforslag")
        ordering = ["start"]

    def __str__(self):
        return danish.moment(self.start)


class PollAnswer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Ja")
        MAYBE = "maybe", _("Hvis nødvendigt")
        NO = "no", _("Nej")

    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="answers", verbose_name=_("datoforslag")
    )
    person = models.ForeignKey(
        "clusters.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    value = models.CharField(_("svar"), max_length=10, choices=Value.choices)
    answered_at = models.DateTimeField(default=timezone.now, verbose_name=_("svaret"))

    class Meta:
        verbose_name = _("svar på datoafstemning")
        verbose_name_plural = _("svar på datoafstemninger")
        constraints = [
            models.UniqueConstraint(fields=["option", "person"], name="poll_answer_once")
        ]

    def __str__(self):
        return f"{self.person_id}: {self.value}"


# --- Agenda, materials, decisions, follow-ups -----------------------------------------------------


class AgendaItemQuerySet(models.QuerySet):
    def basis_counts(self) -> list[dict]:
        """How many items name each basis (in the order of the choices; none left out): one
        query."""
        found = dict(
            self.exclude(basis="").order_by().values_list("basis").annotate(n=models.Count("pk"))
        )
        return [
            {"key": key, "label": str(label), "n": found.get(key, 0)}
            for key, label in AgendaItem.Basis.choices
        ]


class AgendaItem(models.Model):
    class Basis(models.TextChoices):
        PACKAGE = "package", _("Klyngepakke")
        OWN_DATA = "own_data", _("Egne data/audit")
        SPEAKER = "speaker", _("Ekstern oplægsholder")
        GUIDELINE = "guideline", _("Klinisk retningslinje")
        LITERATURE = "literature", _("Litteratur/forskning")
        RESEARCH = "research", _("Forskningspotentiale")
        OTHER = "other", _("Andet")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("møde")
    )
    position = models.PositiveSmallIntegerField(_("nummer"), default=0)
    title = models.CharField(_("punkt"), max_length=200)
    responsible = models.ForeignKey(
        "clusters.Person",
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_allotted = models.PositiveSmallIntegerField(_("minutter"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    # The first item of every meeting lists the open follow-ups from earlier meetings.
    is_followup = models.BooleanField(
        default=False, editable=False, verbose_name=_("opfølgningspunkt")
    )
    minutes = models.TextField(_("referat"), blank=True)
    # What the item builds on (the eKVIS seed's list), counted in the status report and topic plan.
    basis = models.CharField(_("grundlag"), max_length=20, choices=Basis.choices, blank=True)
    package_order = models.ForeignKey(
        "year.PackageOrder",
        verbose_name=_("klyngepakke (bestilling)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("spørgeskema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title


class Material(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="materials", verbose_name=_("møde")
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("dagsordenspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
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
        ordering = ["meeting", "uploaded_at"]

    def __str__(self):
        return self.label


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("møde")
    )
    text = models.TextField(_("beslutning"))
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))

    class Meta:
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        ordering = ["meeting", "created", "pk"]

    def __str__(self):
        return self.text[:60]


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Action.Status.OPEN)


class Action(models.Model):
    """A follow-up agreed at a meeting: owned by a person, a clinic or the whole cluster."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Udført")
        DROPPED = "dropped", _("Droppet")

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="meeting_actions",
        verbose_name=_("klynge"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("møde"),
    )
    text = models.TextField(_("opfølgning"))
    owner_person = models.ForeignKey(
        "clusters.Person",
        verbose_name=_("ansvarlig person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_actions",
    )
    owner_clinic = models.ForeignKey(
        "clusters.Clinic",
        verbose_name=_("ansvarlig klinik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_actions",
    )
    due_date = models.DateField(_("frist"), null=True, blank=True)
    due_next_meeting = models.BooleanField(_("inden næste møde"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("udført"))
    created = models.DateTimeField(default=timezone.now, verbose_name=_("oprettet"))
    history = History()

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["due_date", "created", "pk"]
        indexes = [
            # open_actions(cluster): the cluster's open follow-ups.
            models.Index(fields=["cluster", "status"], name="action_cluster_status"),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def owner_label(self) -> str:
        if self.owner_person_id:
            return self.owner_person.name
        if self.owner_clinic_id:
            return self.owner_clinic.name
        return str(_("Hele klyngen"))
