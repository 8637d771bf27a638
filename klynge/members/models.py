"""Clinics by ydernummer, people, their affiliations with clinics, and cluster memberships."""

import re
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from klynge.lib.periods import DatedQuerySet

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

    def __str__(self):
        return f"{self.clinic.ydernummer} {self.year}: {self.count}"


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

    objects = DatedQuerySet.as_manager()

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
    def open_on(self, on: date):
        """Memberships running on the day (active or in doubt)."""
        return self.filter(Q(left__isnull=True) | Q(left__gt=on), joined__lte=on)


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

    @property
    def is_open(self) -> bool:
        return self.left is None


class MembershipEvent(models.Model):
    """One line of a clinic's membership history: what happened, when, by whom, and why.

    Written by the functions in klynge.members.services next to the change itself; never edited.
    """

    class Kind(models.TextChoices):
        JOINED = "joined", _("Indmeldt")
        REJOINED = "rejoined", _("Genindmeldt")
        IN_DOUBT = "in_doubt", _("Tvivl om status")
        CONFIRMED = "confirmed", _("Bekræftet som aktiv")
        ENDED = "ended", _("Udmeldt")
        NOTICE_SENT = "notice_sent", _("Besked sendt til regional kvalitetsenhed")
        NOTICE_DISMISSED = "notice_dismissed", _("Besked til kvalitetsenhed ikke sendt")
        LINK_SENT = "link_sent", _("Selvbetjeningslink sendt")
        PEOPLE_CHANGED = "people_changed", _("Klinikkens personer opdateret")

    membership = models.ForeignKey(
        ClusterMembership, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("hændelse"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("dato"))
    at = models.DateTimeField(_("registreret"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(_("af"), max_length=254, blank=True)
    reason = models.CharField(
        _("årsag"), max_length=20, choices=ClusterMembership.Reason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("medlemskabshændelse")
        verbose_name_plural = _("medlemskabshændelser")
        ordering = ["-at", "-pk"]
        indexes = [
            # The clinic page: the events of a clinic's memberships, newest first.
            models.Index(fields=["membership", "at"], name="membership_event_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on:%d.%m.%Y}"


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class FollowUp(models.Model):
    """A task for the coordinator about a clinic, e.g. to find out whether it is still a member."""

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        ClusterMembership, on_delete=models.CASCADE, related_name="follow_ups"
    )
    title = models.CharField(_("opgave"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    due = models.DateField(_("frist"))
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("opfølgningsopgave")
        verbose_name_plural = _("opfølgningsopgaver")
        ordering = ["due", "pk"]
        indexes = [
            # Dashboard panel: the open follow-ups of the user's clusters.
            models.Index(fields=["cluster", "done_at"], name="followup_cluster_open"),
        ]

    def __str__(self):
        return self.title


class LeaveNotice(models.Model):
    """The notice to the region's quality unit when an active clinic leaves the cluster.

    Drafted when the membership ends; the coordinator reviews the text and sends it (once) through
    the outbox, or records why it is not sent.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SENT = "sent", _("Sendt")
        DISMISSED = "dismissed", _("Ikke sendt")

    membership = models.OneToOneField(
        ClusterMembership, on_delete=models.CASCADE, related_name="leave_notice"
    )
    region = models.ForeignKey("clusters.Region", on_delete=models.PROTECT, related_name="+")
    to = models.EmailField(_("modtager"))
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    decided_at = models.DateTimeField(_("sendt eller afvist"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismiss_reason = models.TextField(_("begrundelse for ikke at sende"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("besked om udmeldelse")
        verbose_name_plural = _("beskeder om udmeldelse")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def outbox_key(self) -> str:
        return f"members:leave-notice:{self.pk}"


class SelfServiceLink(models.Model):
    """A link e-mailed to a clinic so it can update its people without logging in.

    The URL carries a signed token (django.core.signing) naming this row; it runs out after
    VALID_DAYS and can be revoked. It never logs anyone in.
    """

    VALID_DAYS = 14
    SALT = "klynge.members.self-service"

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.CASCADE, related_name="+")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="self_service_links")
    sent_to = models.EmailField(_("sendt til"))
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("selvbetjeningslink")
        verbose_name_plural = _("selvbetjeningslinks")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.clinic} → {self.sent_to}"

    @property
    def expires_at(self):
        from datetime import timedelta

        return self.created_at + timedelta(days=self.VALID_DAYS)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at

    def token(self) -> str:
        return signing.dumps({"link": self.pk, "clinic": self.clinic_id}, salt=self.SALT)


class DataConsentQuerySet(models.QuerySet):
    def current(self, on: date):
        """Consents in force on the day: given on or before it and not withdrawn by then."""
        return self.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), given_on__lte=on)


class DataConsent(models.Model):
    """A member's consent to data extraction for the cluster's data packages (klyngepakker).

    A data package needs every member's consent at least `data_package_consent_days` before the
    meeting. Withdrawing sets `withdrawn_on`; a new consent is a new row, so the history stays.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_consents")
    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="data_consents"
    )
    given_on = models.DateField(_("samtykke givet"))
    withdrawn_on = models.DateField(_("samtykke trukket tilbage"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("registreret"), default=timezone.now)
    history = HistoricalRecords()

    objects = DataConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke til dataudtræk")
        verbose_name_plural = _("samtykker til dataudtræk")
        ordering = ["-given_on", "-pk"]
        constraints = [
            # One consent in force at a time per member and cluster.
            models.UniqueConstraint(
                fields=["person", "cluster"],
                condition=Q(withdrawn_on__isnull=True),
                name="data_consent_one_open",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.given_on:%d.%m.%Y})"


class JanuaryCheck(models.Model):
    """The coordinator's yearly check of the registered ydernumre (KiAP funding depends on it).

    `snapshot` keeps the list as it was checked, [{"ydernummer", "name", "status"}], so next year's
    check can show what changed since.
    """

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="january_checks"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    checked_at = models.DateTimeField(_("tjekket"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(_("ydernumre ved tjekket"), default=list)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("januartjek af ydernumre")
        verbose_name_plural = _("januartjek af ydernumre")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="january_check_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"
