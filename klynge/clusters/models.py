"""Schemes and their rulebooks, regions, clusters with their own rules, posts, and the access log."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.lib.periods import DatedQuerySet


class Scheme(models.Model):
    """An ordning: eKVIS (specialist practice) or KiAP/PLO (general practice)."""

    class Kind(models.TextChoices):
        SPECIALIST = "specialist", _("Speciallægepraksis")
        GENERAL = "general", _("Almen praksis")

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    kind = models.CharField(_("praksistype"), max_length=20, choices=Kind.choices)
    secretariat_email = models.EmailField(_("sekretariatets e-mail"))

    class Meta:
        verbose_name = _("ordning")
        verbose_name_plural = _("ordninger")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_specialist(self) -> bool:
        return self.kind == self.Kind.SPECIALIST

    def rulebook_on(self, on: date) -> "RulebookVersion":
        version = self.rulebook_versions.filter(valid_from__lte=on).order_by("-valid_from").first()
        if version is None:
            raise RulebookVersion.DoesNotExist(f"No rulebook for {self.code} on {on}")
        return version


class RulebookVersion(models.Model):
    """The scheme's rules from a date on. Code reads the version in force and never a constant."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rulebook_versions")
    valid_from = models.DateField(_("gælder fra"))
    source = models.TextField(_("kilde"), blank=True)
    meetings_min = models.PositiveSmallIntegerField(_("møder om året, mindst"), default=2)
    meetings_max = models.PositiveSmallIntegerField(_("møder om året, højst"), default=4)
    # eKVIS refunds of room and catering, per specialist present.
    catering_rate = models.DecimalField(
        _("forplejning pr. speciallæge"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    catering_rate_outside = models.DecimalField(
        _("forplejning pr. speciallæge, ude i byen"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    refundable_meetings_per_year = models.PositiveSmallIntegerField(
        _("refunderbare møder pr. kalenderår"), null=True, blank=True
    )
    speaker_cap_per_year = models.DecimalField(
        _("eksterne oplæg pr. kalenderår, højst"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    coordinator_honorarium = models.DecimalField(
        _("koordinatorhonorar pr. periode"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    honorarium_period_start_month = models.PositiveSmallIntegerField(
        _("honorarperiodens første måned"), default=4
    )
    # KiAP/PLO income per listed group-1 patient, paid into the cluster's account on 1 March.
    income_per_listed_patient = models.DecimalField(
        _("indtægt pr. tilmeldt gruppe 1-patient"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    hourly_fee = models.DecimalField(
        _("anbefalet timetakst"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    status_report_due = models.DateField(
        _("statusrapport senest (år ignoreres)"), default=date(2000, 1, 31)
    )
    ydernummer_check_due = models.DateField(
        _("ydernummertjek senest (år ignoreres)"), null=True, blank=True
    )
    assembly_notice_days = models.PositiveSmallIntegerField(
        _("endelig dagsorden til generalforsamling, dage før"), default=14
    )
    data_package_consent_days = models.PositiveSmallIntegerField(
        _("samtykke til datapakke, dage før mødet"), default=60
    )

    class Meta:
        verbose_name = _("regelsæt")
        verbose_name_plural = _("regelsæt")
        ordering = ["scheme", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "valid_from"], name="rulebook_one_per_date")
        ]

    def __str__(self):
        return f"{self.scheme} {self.valid_from:%d.%m.%Y}"


class Region(models.Model):
    """A Danish region with its regional quality unit (editable reference data)."""

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("region"), max_length=100)
    unit_name = models.CharField(_("kvalitetsenhed"), max_length=150)
    notice_email = models.EmailField(_("e-mail til udmeldelser"))

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClusterQuerySet(models.QuerySet):
    def of_scheme(self, scheme):
        return self.filter(scheme=scheme)


class Cluster(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="clusters")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField(_("navn"), max_length=150)
    slug = models.SlugField(_("kort navn i adressen"), unique=True)
    municipality = models.CharField(_("kommune eller område"), max_length=100, blank=True)
    specialty = models.CharField(_("speciale"), max_length=100, blank=True)
    founded = models.DateField(_("stiftet"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def rules_on(self, on: date | None = None) -> "ClusterRules":
        on = on or timezone.localdate()
        rules = self.rules.filter(valid_from__lte=on).order_by("-valid_from").first()
        return rules or ClusterRules(cluster=self, valid_from=on)

    def rulebook_on(self, on: date | None = None) -> RulebookVersion:
        return self.scheme.rulebook_on(on or timezone.localdate())


class ClusterRules(models.Model):
    """The cluster's own rules (klyngens regler) as decided from a date, e.g. at a general assembly."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="rules")
    valid_from = models.DateField(_("gælder fra"))
    decided_at = models.CharField(_("besluttet på"), max_length=200, blank=True)
    meetings_per_year = models.PositiveSmallIntegerField(_("møder om året"), default=4)
    max_absences = models.PositiveSmallIntegerField(
        _("et medlem må højst udeblive fra så mange af årets møder"), default=1
    )
    answer_deadline_days = models.PositiveSmallIntegerField(
        _("svarfrist, dage før mødet"), default=14
    )
    reminder_days = models.JSONField(
        _("påmindelser, dage før svarfristen"), default=list, blank=True
    )
    materials_deadline_days = models.PositiveSmallIntegerField(
        _("materiale udsendes senest, dage før mødet"), default=7
    )
    minutes_required = models.BooleanField(_("der skrives referat"), default=True)
    coordinator_honorarium = models.DecimalField(
        _("koordinatorhonorar pr. år (almen praksis)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    board_honorarium = models.DecimalField(
        _("honorar pr. bestyrelsesmedlem pr. år (almen praksis)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("klyngens regler")
        verbose_name_plural = _("klyngens regler")
        ordering = ["cluster", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "valid_from"], name="cluster_rules_per_date")
        ]

    def __str__(self):
        return f"{self.cluster} {self.valid_from:%d.%m.%Y}"

    def reminder_schedule(self) -> list[int]:
        return sorted({int(d) for d in (self.reminder_days or [7, 2])}, reverse=True)


class Post(models.Model):
    """An elected or appointed post in a cluster, dated. Ending a post never deletes it."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Klyngekoordinator")
        BOARD = "board", _("Bestyrelsesmedlem")
        TREASURER = "treasurer", _("Kasserer")
        AUDITOR = "auditor", _("Revisor")
        OTHER = "other", _("Anden post")

    class Elected(models.TextChoices):
        ASSEMBLY = "assembly", _("Valgt på generalforsamling")
        APPOINTED = "appointed", _("Udpeget")
        FOUNDING = "founding", _("Ved stiftelsen")
        HANDOVER = "handover", _("Overdraget")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="posts")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="posts")
    kind = models.CharField(_("post"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    term_end = models.DateField(_("valgt til"), null=True, blank=True)
    elected = models.CharField(
        _("valgt hvordan"), max_length=20, choices=Elected.choices, default=Elected.ASSEMBLY
    )
    directory_consent = models.BooleanField(
        _("må vises i den offentlige oversigt over koordinatorer"), default=False
    )
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("poster")
        ordering = ["cluster", "kind", "-start"]
        indexes = [
            # roles_in(): the active posts of one person in one cluster.
            models.Index(fields=["person", "cluster", "start"], name="post_person_cluster"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person}"

    def clean(self):
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("Slutdatoen ligger før startdatoen.")})


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only")

    def delete(self):
        raise TypeError("The access log is append-only")


class AccessLog(models.Model):
    """Who looked up or exported whose personal data, when, and why (GDPR art. 15).

    Append-only: rows are written by klynge.lib.accesslog.log_access and never changed.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Opslag")
        EXPORT = "export", _("Eksport")
        SEARCH = "search", _("Søgning")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("bruger"), max_length=254)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    subject = models.ForeignKey(
        "members.Person", null=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    subject_label = models.CharField(_("person"), max_length=200, blank=True)
    cluster = models.ForeignKey(Cluster, null=True, on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(_("formål"), max_length=200)
    path = models.CharField(_("adresse"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only")
