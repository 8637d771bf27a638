"""The coordinator's year: own tasks and ticks on the wheel, the general assembly, handovers,
topics and cluster packages, external activities and the status report for the previous year."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Post
from klynge.lib.history import History


class Task(models.Model):
    """A coordinator's own task on the wheel (e.g. "book the venue for the autumn meeting")."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="year_tasks",
        verbose_name=_("klynge"),
    )
    title = models.CharField(_("opgave"), max_length=200)
    due = models.DateField(_("frist"))
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))

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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="wheel_marks",
        verbose_name=_("klynge"),
    )
    key = models.CharField(max_length=120, verbose_name=_("nøgle"))
    done_at = models.DateTimeField(default=timezone.now, verbose_name=_("udført"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("af"),
    )

    class Meta:
        verbose_name = _("afkrydsning i årshjulet")
        verbose_name_plural = _("afkrydsninger i årshjulet")
        constraints = [models.UniqueConstraint(fields=["cluster", "key"], name="wheel_mark_once")]

    def __str__(self):
        return self.key


class DigestEntry(models.Model):
    """One wheel item mailed to one recipient in a weekly digest: each item is mailed once."""

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="+", verbose_name=_("klynge")
    )
    key = models.CharField(max_length=120, verbose_name=_("nøgle"))
    recipient = models.EmailField(verbose_name=_("modtager"))
    week = models.CharField(max_length=10, verbose_name=_("uge"))
    sent_at = models.DateTimeField(default=timezone.now, verbose_name=_("sendt"))

    class Meta:
        verbose_name = _("punkt i ugens oversigt")
        verbose_name_plural = _("punkter i ugens oversigt")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key", "recipient"], name="digest_item_once")
        ]

    def __str__(self):
        return f"{self.key} → {self.recipient} ({self.week})"


class Assembly(models.Model):
    """The general assembly's own paperwork; date, place and attendance live on its Meeting."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="assembly",
        verbose_name=_("møde"),
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
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bekræftet af"),
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

    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("generalforsamling"),
    )
    person = models.ForeignKey(
        "clusters.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    title = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("forslaget"))
    submitted_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    outcome = models.CharField(
        _("resultat"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    history = History()

    class Meta:
        verbose_name = _("indkommet forslag")
        verbose_name_plural = _("indkomne forslag")
        ordering = ["submitted_at"]

    def __str__(self):
        return self.title


class Election(models.Model):
    """One line of the minutes: a person elected to (or leaving) a post from a date."""

    class Outcome(models.TextChoices):
        ELECTED = "elected", _("Valgt")
        RETIRES = "retires", _("Udtræder")

    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="elections",
        verbose_name=_("generalforsamling"),
    )
    person = models.ForeignKey(
        "clusters.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("post"), max_length=20, choices=Post.Kind.choices)
    outcome = models.CharField(
        _("valg"), max_length=10, choices=Outcome.choices, default=Outcome.ELECTED
    )
    start = models.DateField(_("gælder fra"))
    term_end = models.DateField(_("valgt til"), null=True, blank=True)
    post = models.ForeignKey(
        Post, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("post")
    )
    history = History()

    class Meta:
        verbose_name = _("valg")
        verbose_name_plural = _("valg")
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

    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("generalforsamling"),
    )
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
        "clusters.ClusterRules",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("klyngens regler"),
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
        verbose_name = _("beslutning på generalforsamlingen")
        verbose_name_plural = _("beslutninger på generalforsamlingen")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.text[:60]}"

    def rule_changes(self) -> dict:
        return {f: getattr(self, f) for f in self.RULE_FIELDS if getattr(self, f) is not None}


class Handover(models.Model):
    """The coordinator hands the post to a successor from a date (and tells the secretariat)."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="handovers",
        verbose_name=_("klynge"),
    )
    outgoing = models.ForeignKey(
        "clusters.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("fratrædende")
    )
    successor = models.ForeignKey(
        "clusters.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("efterfølger")
    )
    effective = models.DateField(_("skiftet træder i kraft"))
    note = models.TextField(_("besked til sekretariatet"), blank=True)
    old_post = models.ForeignKey(
        Post,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tidligere post"),
    )
    new_post = models.ForeignKey(
        Post, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("ny post")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("oprettet"))
    history = History()

    class Meta:
        verbose_name = _("overdragelse")
        verbose_name_plural = _("overdragelser")
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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="external_activities",
        verbose_name=_("klynge"),
    )
    date = models.DateField(_("dato"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    counterpart = models.CharField(_("med hvem"), max_length=200)
    description = models.TextField(_("hvad skete der"), blank=True)
    represented_by = models.CharField(
        _("klyngen var repræsenteret ved"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
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


# The plan and the status report are defined in their own module; imported here so Django registers
# them with this app and callers import them from `klynge.year.models` as before.
from klynge.year.models_plan import (  # noqa: E402, F401
    Package,
    PackageOrder,
    PackageOrderQuerySet,
    PlannedTopic,
    ReportSection,
    StatusReport,
)
