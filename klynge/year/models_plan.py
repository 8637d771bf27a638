"""The year's plan and paperwork: the package catalogue and orders, planned topics and the
status report with its sections. Imported by `klynge.year.models`, so Django registers them there."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib.history import History


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
        "clusters.Scheme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("udbydende ordning"),
    )
    provider_region = models.ForeignKey(
        "clusters.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("udbydende region"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("oprettet"))
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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="package_orders",
        verbose_name=_("klynge"),
    )
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, related_name="orders", verbose_name=_("klyngepakke")
    )
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
        verbose_name = _("bestilling af klyngepakke")
        verbose_name_plural = _("bestillinger af klyngepakker")
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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="planned_topics",
        verbose_name=_("klynge"),
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
        verbose_name = _("planlagt emne")
        verbose_name_plural = _("planlagte emner")
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
        "clusters.Scheme",
        on_delete=models.CASCADE,
        related_name="report_sections",
        verbose_name=_("ordning"),
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
        verbose_name = _("afsnit i statusrapporten")
        verbose_name_plural = _("afsnit i statusrapporten")
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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="status_reports",
        verbose_name=_("klynge"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True, verbose_name=_("svar"))
    # The figures as they were when submitted, so the report does not change afterwards.
    figures = models.JSONField(null=True, blank=True, verbose_name=_("tal fra året"))
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indsendt af"),
    )
    # The secretariat reopens a submitted report with a reason; each submission gets its own mail.
    reopened_at = models.DateTimeField(_("genåbnet"), null=True, blank=True)
    reopen_reason = models.TextField(_("begrundelse for genåbning"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("antal genåbninger"))
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
