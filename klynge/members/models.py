"""Clinics by ydernummer, people, their affiliations with clinics, and cluster memberships."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

YDERNUMMER_RE = re.compile(r"^\d{1,6}$")


def normalize_ydernummer(value) -> str:
    """Return the ydernummer as six digits ("57584" -> "057584"), or raise ValidationError.

    An ydernummer is an identifier, not a number: it is kept as a string and zero-padded.
    """
    text = "" if value is None else str(value).strip().replace(" ", "")
    if not text:
        raise ValidationError(_("Skriv ydernummeret."), code="required")
    if not text.isascii() or not YDERNUMMER_RE.match(text):
        if text.isdigit() and len(text) > 6:
            raise ValidationError(
                _("Et ydernummer har højst 6 cifre; %(value)s har %(count)d."),
                code="too_long",
                params={"value": text, "count": len(text)},
            )
        raise ValidationError(
            _("Et ydernummer består kun af cifre (fx 057584); %(value)s er ikke et ydernummer."),
            code="invalid",
            params={"value": text},
        )
    if int(text) == 0:
        raise ValidationError(_("000000 er ikke et ydernummer."), code="invalid")
    return text.zfill(6)


def validate_ydernummer(value):
    normalize_ydernummer(value)
    if len(str(value)) != 6:
        raise ValidationError(_("Et ydernummer gemmes med 6 cifre."), code="length")


class YdernummerField(models.CharField):
    """A 6-digit ydernummer, zero-padded on the way in."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("validators", [validate_ydernummer])
        kwargs.setdefault("verbose_name", _("ydernummer"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        return normalize_ydernummer(value)

    def formfield(self, **kwargs):
        from klynge.members.fields import YdernummerFormField

        kwargs.setdefault("form_class", YdernummerFormField)
        return super().formfield(**kwargs)


class ClinicQuerySet(models.QuerySet):
    def active_in(self, cluster, on: date | None = None):
        """Clinics with an active or in-doubt membership of the cluster on the day."""
        on = on or timezone.localdate()
        return self.filter(
            Q(memberships__left__isnull=True) | Q(memberships__left__gt=on),
            memberships__cluster=cluster,
            memberships__joined__lte=on,
        ).distinct()


class Clinic(models.Model):
    """A practice, identified by its ydernummer. Numbers can be reused, so memberships are dated."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Almen praksis")
        SPECIALIST = "specialist", _("Speciallægepraksis")

    ydernummer = YdernummerField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("praksistype"), max_length=20, choices=Kind.choices)
    specialty = models.CharField(_("speciale"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    region = models.ForeignKey(
        "clusters.Region", on_delete=models.PROTECT, related_name="clinics", null=True, blank=True
    )
    email = models.EmailField(_("klinikkens e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = ClinicQuerySet.as_manager()

    class Meta:
        verbose_name = _("klinik")
        verbose_name_plural = _("klinikker")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.ydernummer})"

    def save(self, *args, **kwargs):
        self.ydernummer = normalize_ydernummer(self.ydernummer)
        super().save(*args, **kwargs)


class ListedPatients(models.Model):
    """Listed group-1 patients of a general practice in a year: the basis of KiAP funding."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="listed_patients")
    year = models.PositiveSmallIntegerField(_("år"))
    count = models.PositiveIntegerField(_("tilmeldte gruppe 1-patienter"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilmeldte patienter")
        verbose_name_plural = _("tilmeldte patienter")
        ordering = ["clinic", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "year"], name="listed_patients_per_year")
        ]


class PersonQuerySet(models.QuerySet):
    def members_of(self, cluster, on: date | None = None):
        """People with an open affiliation with a clinic that is a member of the cluster."""
        on = on or timezone.localdate()
        return self.filter(
            Q(affiliations__end__isnull=True) | Q(affiliations__end__gte=on),
            Q(affiliations__clinic__memberships__left__isnull=True)
            | Q(affiliations__clinic__memberships__left__gt=on),
            affiliations__start__lte=on,
            affiliations__clinic__memberships__cluster=cluster,
            affiliations__clinic__memberships__joined__lte=on,
        ).distinct()


class Person(models.Model):
    """A doctor or staff member. No patient data is ever stored on anyone."""

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    share_contact = models.BooleanField(
        _("andre medlemmer må se min e-mail og telefon"), default=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        indexes = [models.Index(fields=["email"], name="person_email")]

    def __str__(self):
        return self.name


class AffiliationQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)


class ClinicAffiliation(models.Model):
    """A person's role in a clinic, dated. One person can belong to several clinics."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ejerlæge")
        EMPLOYED = "employed", _("Ansat læge")
        TRAINEE = "trainee", _("Uddannelseslæge")
        STAFF = "staff", _("Øvrigt personale")

    # The doctors who count as specialists for eKVIS refunds.
    DOCTOR_ROLES = (Role.OWNER, Role.EMPLOYED)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    start = models.DateField(_("fra"), default=timezone.localdate)
    end = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        ordering = ["clinic", "person__name"]
        constraints = [
            # A person has at most one open affiliation per clinic.
            models.UniqueConstraint(
                fields=["person", "clinic"],
                condition=Q(end__isnull=True),
                name="affiliation_one_open_per_clinic",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.clinic.name}"

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Slutdatoen ligger før startdatoen.")})


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left__isnull=True)


class ClusterMembership(models.Model):
    """A clinic's membership of a cluster. A history: ending it sets `left`, nothing is deleted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        IN_DOUBT = "in_doubt", _("Tvivl om status")
        ENDED = "ended", _("Ophørt")

    class Reason(models.TextChoices):
        CEASED = "ceased", _("Ydernummeret er ophørt")
        LEFT = "left", _("Klinikken har meldt sig ud af klyngen")
        MERGED = "merged", _("Klinikken er fusioneret")
        OTHER = "other", _("Andet")

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="memberships"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    joined = models.DateField(_("indmeldt"), default=timezone.localdate)
    left = models.DateField(_("udmeldt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    reason = models.CharField(_("årsag"), max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        ordering = ["cluster", "clinic__name"]
        constraints = [
            # A clinic has at most one open membership of a given cluster.
            models.UniqueConstraint(
                fields=["cluster", "clinic"],
                condition=Q(left__isnull=True),
                name="membership_one_open_per_cluster",
            )
        ]
        indexes = [
            # Clinic.objects.active_in(cluster): open memberships of one cluster.
            models.Index(fields=["cluster", "left"], name="membership_cluster_left"),
        ]

    def __str__(self):
        return f"{self.clinic} i {self.cluster}"
