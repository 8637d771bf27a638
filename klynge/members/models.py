"""What the member list needs beyond the core: listed patients, membership events, follow-ups,
leave notices, self-service links, data consents and the January check."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Clinic, ClusterMembership, Person
from klynge.lib.history import History


class ListedPatients(models.Model):
    """Listed group-1 patients of a general practice in a year: the basis of KiAP funding."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="listed_patients", verbose_name=_("klinik")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    count = models.PositiveIntegerField(_("tilmeldte gruppe 1-patienter"))
    history = History()

    class Meta:
        verbose_name = _("tilmeldte patienter")
        verbose_name_plural = _("tilmeldte patienter")
        ordering = ["clinic", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "year"], name="listed_patients_per_year")
        ]

    def __str__(self):
        return f"{self.clinic.ydernummer} {self.year}: {self.count}"


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
        ClusterMembership,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("medlemskab"),
    )
    kind = models.CharField(_("hændelse"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("dato"))
    at = models.DateTimeField(_("registreret"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("af"),
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

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="+", verbose_name=_("klynge")
    )
    membership = models.ForeignKey(
        ClusterMembership,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("medlemskab"),
    )
    title = models.CharField(_("opgave"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    due = models.DateField(_("frist"))
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    done_at = models.DateTimeField(_("udført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("udført af"),
    )
    history = History()

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
        ClusterMembership,
        on_delete=models.CASCADE,
        related_name="leave_notice",
        verbose_name=_("medlemskab"),
    )
    region = models.ForeignKey(
        "clusters.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    to = models.EmailField(_("modtager"))
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("tekst"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    decided_at = models.DateTimeField(_("sendt eller afvist"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("besluttet af"),
    )
    dismiss_reason = models.TextField(_("begrundelse for ikke at sende"), blank=True)
    history = History()

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

    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="+", verbose_name=_("klynge")
    )
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.CASCADE,
        related_name="self_service_links",
        verbose_name=_("klinik"),
    )
    sent_to = models.EmailField(_("sendt til"))
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
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

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="data_consents", verbose_name=_("person")
    )
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="data_consents",
        verbose_name=_("klynge"),
    )
    given_on = models.DateField(_("samtykke givet"))
    withdrawn_on = models.DateField(_("samtykke trukket tilbage"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    recorded_at = models.DateTimeField(_("registreret"), default=timezone.now)
    history = History()

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
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="january_checks",
        verbose_name=_("klynge"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    checked_at = models.DateTimeField(_("tjekket"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tjekket af"),
    )
    snapshot = models.JSONField(_("ydernumre ved tjekket"), default=list)
    note = models.TextField(_("note"), blank=True)
    history = History()

    class Meta:
        verbose_name = _("januartjek af ydernumre")
        verbose_name_plural = _("januartjek af ydernumre")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="january_check_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"
