"""The coordinator's year: own tasks and ticks on the wheel, the general assembly, handovers,
topics and cluster packages, external activities and the status report for the previous year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Post
from klynge.lib.history import History


class Task(models.Model):
    """A coordinator's own task on the wheel (e.g. "book the venue for the autumn meeting")."""

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="year_tasks"
    )
    title = models.CharField(_("opgave"), max_length=200)
    due = models.DateField(_("frist"))
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("egen opgave")
        verbose_name_plural = _("egne opgaver")
        ordering = ["due", "title"]
        indexes = [
            # The wheel: a set of clusters' tasks due in a date range.
            models.Index(fields=["cluster", "due"], name="year_task_cluster_due"),
        ]

    def __str__(self):
        return self.title


class WheelMark(models.Model):
    """A derived deadline ticked off by hand (e.g. "ydernumre checked"), by its stable key."""

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="wheel_marks"
    )
    key = models.CharField(max_length=120)
    done_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster", "key"], name="wheel_mark_once")]

    def __str__(self):
        return self.key


class DigestEntry(models.Model):
    """One wheel item mailed to one recipient in a weekly digest: each item is mailed once."""

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120)
    recipient = models.EmailField()
    week = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key", "recipient"], name="digest_item_once")
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient} ({self.week})"


class Assembly(models.Model):
    """The general assembly's own paperwork; date, place and attendance live on its Meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="assembly"
    )
    proposals_deadline = models.DateField(_("frist for forslag"), null=True, blank=True)
    agenda = models.TextField(_("dagsorden"), help_text=_("Ét punkt pr. linje."))
    preliminary_sent_at = models.DateTimeField(_("foreløbig indkaldelse sendt"), null=True)
    final_sent_at = models.DateTimeField(_("endelig indkaldelse sendt"), null=True)
    final_override_reason = models.TextField(_("begrundelse for sen indkaldelse"), blank=True)
    chair = models.CharField(_("dirigent"), max_length=200, blank=True)
    minute_taker = models.CharField(_("referent"), max_length=200, blank=True)
    minutes = models.TextField(_("referat"), blank=True)
    confirmed_at = models.DateTimeField(_("referat godkendt"), null=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = History()

    class Meta:
        verbose_name = _("generalforsamling")
        verbose_name_plural = _("generalforsamlinger")

    def __str__(self):
        return str(self.meeting)

    @property
    def cluster(self):
        return self.meeting.cluster

    @property
    def day(self):
        return timezone.localdate(self.meeting.start) if self.meeting.start else None

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Proposal(models.Model):
    """A member's proposal for the general assembly (indkommet forslag)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Til behandling")
        ADOPTED = "adopted", _("Vedtaget")
        REJECTED = "rejected", _("Forkastet")
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proposals")
    person = models.ForeignKey(
        "clusters.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("forslaget"))
    submitted_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    outcome = models.CharField(
        _("resultat"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    history = History()

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self):
        return self.title


class Election(models.Model):
    """One line of the minutes: a person elected to (or leaving) a post from a date."""

    class Outcome(models.TextChoices):
        ELECTED = "elected", _("Valgt")
        RETIRES = "retires", _("Udtræder")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="elections")
    person = models.ForeignKey("clusters.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("post"), max_length=20, choices=Post.Kind.choices)
    outcome = models.CharField(
        _("valg"), max_length=10, choices=Outcome.choices, default=Outcome.ELECTED
    )
    start = models.DateField(_("gælder fra"))
    term_end = models.DateField(_("valgt til"), null=True, blank=True)
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    history = History()

    class Meta:
        ordering = ["kind", "start"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"


class AssemblyDecision(models.Model):
    """A decision in the minutes; values for the cluster rules become a new ClusterRules row."""

    class Topic(models.TextChoices):
        HONORARIUM = "honorarium", _("Honorarer")
        FREQUENCY = "frequency", _("Mødefrekvens")
        RULES = "rules", _("Klyngens regler")
        ACCOUNTS = "accounts", _("Regnskab")
        BUDGET = "budget", _("Budget")
        PROPOSAL = "proposal", _("Indkomne forslag")
        OTHER = "other", _("Andet")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="decisions")
    topic = models.CharField(_("emne"), max_length=20, choices=Topic.choices)
    text = models.TextField(_("beslutning"))
    meetings_per_year = models.PositiveSmallIntegerField(_("møder om året"), null=True, blank=True)
    max_absences = models.PositiveSmallIntegerField(
        _("et medlem må højst udeblive fra"), null=True, blank=True
    )
    coordinator_honorarium = models.DecimalField(
        _("koordinatorhonorar pr. år"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    board_honorarium = models.DecimalField(
        _("honorar pr. bestyrelsesmedlem pr. år"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    minutes_required = models.BooleanField(_("der skrives referat"), null=True, blank=True)
    rules = models.ForeignKey(
        "clusters.ClusterRules", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = History()

    RULE_FIELDS = (
        "meetings_per_year",
        "max_absences",
        "coordinator_honorarium",
        "board_honorarium",
        "minutes_required",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.text[:60]}"

    def rule_changes(self) -> dict:
        return {f: getattr(self, f) for f in self.RULE_FIELDS if getattr(self, f) is not None}


class Handover(models.Model):
    """The coordinator hands the post to a successor from a date (and tells the secretariat)."""

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="handovers"
    )
    outgoing = models.ForeignKey("clusters.Person", on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey("clusters.Person", on_delete=models.PROTECT, related_name="+")
    effective = models.DateField(_("skiftet træder i kraft"))
    note = models.TextField(_("besked til sekretariatet"), blank=True)
    old_post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    new_post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    history = History()

    class Meta:
        ordering = ["-effective"]

    def __str__(self):
        return f"{self.outgoing} → {self.successor} ({self.effective:%d.%m.%Y})"


class ExternalActivity(models.Model):
    """Contact with the world around the cluster; it feeds the status report."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region")
        HOSPITAL = "hospital", _("Sygehus")
        REGIONAL_CLUSTERS = "regional_clusters", _("Regionalt klyngemøde eller netværksdag")
        KIAP_EVENT = "kiap_event", _("Arrangement hos KiAP")
        EKVIS_MEETING = "ekvis_meeting", _("eKVIS' koordinatortræf")
        OTHER_CLUSTER = "other_cluster", _("Anden klynge")
        OTHER = "other", _("Andet")

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="external_activities"
    )
    date = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    counterpart = models.CharField(_("med hvem"), max_length=200)
    description = models.TextField(_("hvad skete der"), blank=True)
    represented_by = models.CharField(
        _("klyngen var repræsenteret ved"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = History()

    class Meta:
        verbose_name = _("ekstern aktivitet")
        verbose_name_plural = _("eksterne aktiviteter")
        ordering = ["-date"]
        indexes = [
            # Status report and wheel: a cluster's activities in a year.
            models.Index(fields=["cluster", "date"], name="activity_cluster_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.counterpart}"


class Package(models.Model):
    """A cluster package (klyngepakke) in the catalogue of KiAP, eKVIS or a regional unit."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("link til pakken"), blank=True)
    is_data_package = models.BooleanField(
        _("datapakke (kræver medlemmernes samtykke til dataudtræk)"), default=False
    )
    active = models.BooleanField(_("kan bestilles"), default=True)
    provider_scheme = models.ForeignKey(
        "clusters.Scheme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_region = models.ForeignKey(
        "clusters.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = History()

    class Meta:
        verbose_name = _("klyngepakke")
        verbose_name_plural = _("klyngepakker")
        ordering = ["title"]
        constraints = [
            # Exactly one provider: a scheme's secretariat or a regional unit keeps the package.
            models.CheckConstraint(
                condition=Q(provider_scheme__isnull=False, provider_region__isnull=True)
                | Q(provider_scheme__isnull=True, provider_region__isnull=False),
                name="package_one_provider",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def provider(self):
        return self.provider_scheme or self.provider_region.unit_name


class PackageOrderQuerySet(models.QuerySet):
    def open(self):
        """Orders the provider still works on: not delivered, followed up or cancelled."""
        return self.filter(status__in=PackageOrder.OPEN_STATUSES)


class PackageOrder(models.Model):
    """A cluster's order of a package, tracked from request to follow-up.

    Placing one e-mails the provider (`services_orders.place_order`); a follow-up is a new order
    linked to the first (`follow_up_of`)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Bestilt")
        CONFIRMED = "confirmed", _("Bekræftet af udbyderen")
        CONSENT = "consent", _("Samtykker indsamlet")
        DELIVERED = "delivered", _("Leveret")
        FOLLOW_UP = "follow_up", _("Opfølgning bestilt")
        CANCELLED = "cancelled", _("Annulleret")

    ORDER = [s.value for s in Status]
    OPEN_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.CONSENT)

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="package_orders"
    )
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="orders")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("til mødet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_on = models.DateField(_("bestilt"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("opfølgning på"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    history = History()

    objects = PackageOrderQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [
            # The provider's list: orders of its packages, newest first.
            models.Index(fields=["package", "status"], name="packageorder_package_status"),
        ]

    def __str__(self):
        return f"{self.package} – {self.cluster}"

    @property
    def consent_collected(self) -> bool:
        return self.status in (
            self.Status.CONSENT,
            self.Status.DELIVERED,
            self.Status.FOLLOW_UP,
        )


class PlannedTopic(models.Model):
    """A topic in the year's plan, for a meeting; "revisit" follows up an earlier topic."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        DONE = "done", _("Behandlet")
        DROPPED = "dropped", _("Udgået")

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="planned_topics"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("emne"), max_length=200)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    month = models.PositiveSmallIntegerField(
        _("måned"), null=True, blank=True, choices=[(m, m) for m in range(1, 13)]
    )
    revisit_of = models.ForeignKey(
        "self",
        verbose_name=_("genbesøg af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisits",
    )
    package_order = models.ForeignKey(
        PackageOrder,
        verbose_name=_("klyngepakke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("aftaler og opfølgning"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["year", "month", "pk"]

    def __str__(self):
        return self.title


class ReportSection(models.Model):
    """A section of a scheme's status report form, kept by the secretariat."""

    class Source(models.TextChoices):
        MEETINGS = "meetings", _("Afholdte møder (dato, emne, pakker, mødeform)")
        ATTENDANCE = "attendance", _("Fremmøde pr. møde")
        CLINICS = "clinics", _("Fremmøde pr. klinik")
        DECISIONS = "decisions", _("Beslutninger og opfølgning")
        ASSEMBLY = "assembly", _("Generalforsamling")
        ACTIVITIES = "activities", _("Eksterne aktiviteter")
        TEXT = "text", _("Kun tekst")

    scheme = models.ForeignKey(
        "clusters.Scheme", on_delete=models.CASCADE, related_name="report_sections"
    )
    key = models.SlugField(_("nøgle"))
    title = models.CharField(_("overskrift"), max_length=200)
    help_text = models.TextField(_("vejledning til koordinatoren"), blank=True)
    source = models.CharField(
        _("udfyldes på forhånd med"), max_length=20, choices=Source.choices, default=Source.TEXT
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=10)
    active = models.BooleanField(_("med i skemaet"), default=True)

    class Meta:
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="report_section_key")]

    def __str__(self):
        return self.title


class StatusReport(models.Model):
    """The status for the previous year (eKVIS form / KiAP activity questionnaire)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="status_reports"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    # The figures as they were when submitted, so the report does not change afterwards.
    figures = models.JSONField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The secretariat reopens a submitted report with a reason; each submission gets its own mail.
    reopened_at = models.DateTimeField(_("genåbnet"), null=True, blank=True)
    reopen_reason = models.TextField(_("begrundelse for genåbning"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    history = History()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="status_report_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED
