"""The core: schemes and their rulebooks, regions, clusters with their own rules, clinics by
ydernummer, people, their affiliations with clinics, cluster memberships, posts, and the access log.

Every other app builds on these; this module imports nothing of Klynge's but `lib` and the core."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.fields import YdernummerField
from klynge.clusters.ydernummer import normalize_ydernummer
from klynge.lib import memo
from klynge.lib.derived import new_token
from klynge.lib.history import History
from klynge.lib.periods import DatedQuerySet, VersionedQuerySet, in_force


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
        # Read once in a look-up batch (lib/memo.py): the secretariat's panels ask for two days.
        version = in_force(memo.remembered(("rulebooks", self.pk), self.rulebook_versions.all), on)
        if version is None:
            raise RulebookVersion.DoesNotExist(f"No rulebook for {self.code} on {on}")
        return version


class RulebookVersion(models.Model):
    """The scheme's rules from a date on. Code reads the version in force and never a constant."""

    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.CASCADE,
        related_name="rulebook_versions",
        verbose_name=_("ordning"),
    )
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
    # The year's duties the rulebook gives a cluster (the seeds): KiAP clusters are associations
    # with a yearly general assembly and data packages needing the members' consent; eKVIS asks
    # its coordinators to the yearly coordinator meeting. Read on the day (klynge/year/rules.py).
    yearly_assembly = models.BooleanField(_("årlig generalforsamling"), default=False)
    package_consent = models.BooleanField(
        _("samtykke fra medlemmerne til datapakker"), default=False
    )
    coordinator_meeting = models.BooleanField(_("årligt koordinatortræf"), default=False)

    objects = VersionedQuerySet.as_manager()

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
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("ordning")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("region")
    )
    name = models.CharField(_("navn"), max_length=150)
    slug = models.SlugField(_("kort navn i adressen"), unique=True)
    municipality = models.CharField(_("kommune eller område"), max_length=100, blank=True)
    specialty = models.CharField(_("speciale"), max_length=100, blank=True)
    founded = models.DateField(_("stiftet"), null=True, blank=True)
    # A new random token whenever an input of the cluster's derived data changes (the year wheel,
    # the account status, the headroom): cached values are keyed by it (klynge/clusters/derived.py).
    derived_version = models.BigIntegerField(
        _("version af afledte data"), default=new_token, editable=False
    )
    history = History(excluded_fields=["derived_version"])

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def rules_on(self, on: date | None = None) -> "ClusterRules":
        on = on or timezone.localdate()
        return self.rules.in_force(on) or ClusterRules(cluster=self, valid_from=on)

    def rulebook_on(self, on: date | None = None) -> RulebookVersion:
        return self.scheme.rulebook_on(on or timezone.localdate())


class ClusterRules(models.Model):
    """The cluster's own rules (klyngens regler) as decided from a date, e.g. at a general assembly."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="rules", verbose_name=_("klynge")
    )
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
    history = History()

    objects = VersionedQuerySet.as_manager()

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


def membership_on(on: date, via: str = "") -> Q:
    """A clinic's membership holds on day D when joined <= D < left (left: the first day out).

    This and `affiliation_on` are the one rule for "member on day D": every list, count and
    recipient list goes through them (via `Clinic.objects.active_in`, `Person.objects.members_of`,
    `ClusterMembership.objects.open_on`, `ClinicAffiliation.objects.on`). `via` is the lookup path
    to the membership, e.g. "affiliations__clinic__memberships__".
    """
    return Q(**{f"{via}joined__lte": on}) & (
        Q(**{f"{via}left__isnull": True}) | Q(**{f"{via}left__gt": on})
    )


def affiliation_on(on: date, via: str = "") -> Q:
    """A person works in a clinic on day D when start <= D < end (end: the first day gone)."""
    return Q(**{f"{via}start__lte": on}) & (
        Q(**{f"{via}end__isnull": True}) | Q(**{f"{via}end__gt": on})
    )


def person_member_on(on: date, via: str = "") -> Q:
    """A person is a member on day D through an affiliation and its clinic's membership that both
    hold on D. Use it in one filter() call (with the cluster, e.g.
    `{via}affiliations__clinic__memberships__cluster=...`) so both are the same joined rows."""
    return affiliation_on(on, f"{via}affiliations__") & membership_on(
        on, f"{via}affiliations__clinic__memberships__"
    )


def holder_member_on(on: date) -> Q:
    """A post's holder is a member of the post's cluster on day D (for Post querysets; add
    .distinct()). A coordinator whose clinic has left is no longer reached as one."""
    return person_member_on(on, "person__") & Q(
        person__affiliations__clinic__memberships__cluster=F("cluster")
    )


class ClinicQuerySet(models.QuerySet):
    def active_in(self, cluster, on: date | None = None):
        """Clinics that are members of the cluster on the day (active or in doubt)."""
        on = on or timezone.localdate()
        return self.filter(
            membership_on(on, "memberships__"), memberships__cluster=cluster
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
        Region,
        on_delete=models.PROTECT,
        related_name="clinics",
        null=True,
        blank=True,
        verbose_name=_("region"),
    )
    email = models.EmailField(_("klinikkens e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    history = History(table_name="members_historicalclinic")

    objects = ClinicQuerySet.as_manager()

    class Meta:
        db_table = "members_clinic"  # made in the members app; moved to the core
        verbose_name = _("klinik")
        verbose_name_plural = _("klinikker")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.ydernummer})"

    def save(self, *args, **kwargs):
        self.ydernummer = normalize_ydernummer(self.ydernummer)
        super().save(*args, **kwargs)


class PersonQuerySet(models.QuerySet):
    def by_email(self, email: str):
        """People with this e-mail whatever its case, through the index on LOWER(email)."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(email)))

    def members_of(self, cluster, on: date | None = None):
        """People who work in a member clinic of the cluster on the day.

        One filter() call, so the affiliation and the membership are the same joined rows.
        """
        on = on or timezone.localdate()
        return self.filter(
            person_member_on(on), affiliations__clinic__memberships__cluster=cluster
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
        verbose_name=_("bruger"),
    )
    history = History(table_name="members_historicalperson")

    objects = PersonQuerySet.as_manager()

    class Meta:
        db_table = "members_person"  # made in the members app; moved to the core
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["email"], name="person_email"),
            # Matching on e-mail whatever its case (the import, adding a person): see `by_email`.
            models.Index(Lower("email"), name="person_email_lower"),
        ]

    def __str__(self):
        return self.name


class AffiliationQuerySet(models.QuerySet):
    def on(self, day: date | None = None):
        """Affiliations that hold on the day (start <= day < end)."""
        return self.filter(affiliation_on(day or timezone.localdate()))


class ClinicAffiliation(models.Model):
    """A person's role in a clinic, dated. One person can belong to several clinics."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ejerlæge")
        EMPLOYED = "employed", _("Ansat læge")
        TRAINEE = "trainee", _("Uddannelseslæge")
        STAFF = "staff", _("Øvrigt personale")

    # The doctors who count as specialists for eKVIS refunds.
    DOCTOR_ROLES = (Role.OWNER, Role.EMPLOYED)

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person")
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("klinik")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    start = models.DateField(_("fra"), default=timezone.localdate)
    end = models.DateField(_("til"), null=True, blank=True)
    history = History(table_name="members_historicalclinicaffiliation")

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        db_table = "members_clinicaffiliation"  # made in the members app; moved to the core
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

    def holds_on(self, day: date) -> bool:
        """The same rule as `affiliation_on`, for a row already loaded."""
        return self.start <= day and (self.end is None or day < self.end)


class MembershipQuerySet(models.QuerySet):
    def open_on(self, on: date):
        """Memberships running on the day (active or in doubt)."""
        return self.filter(membership_on(on))

    def ended_by(self, on: date):
        """Memberships that have ended by the day (left <= day: the day is not theirs)."""
        return self.filter(left__lte=on)


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
        Cluster, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("klynge")
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("klinik")
    )
    joined = models.DateField(_("indmeldt"), default=timezone.localdate)
    left = models.DateField(_("udmeldt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    reason = models.CharField(_("årsag"), max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = History(table_name="members_historicalclustermembership")

    objects = MembershipQuerySet.as_manager()

    class Meta:
        db_table = "members_clustermembership"  # made in the members app; moved to the core
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

    @property
    def last_day(self) -> date | None:
        """The last day as a member, shown as "udmeldt pr.": the day before `left`."""
        return self.left - timedelta(days=1) if self.left else None

    @property
    def has_left(self) -> bool:
        """Out of the cluster today (pages use today; meeting mail uses the meeting's day)."""
        return self.left is not None and self.left <= timezone.localdate()

    def holds_on(self, day: date) -> bool:
        """The same rule as `membership_on`, for a row already loaded."""
        return self.joined <= day and (self.left is None or day < self.left)


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

    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="posts", verbose_name=_("klynge")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="posts", verbose_name=_("person")
    )
    kind = models.CharField(_("post"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    term_end = models.DateField(_("valgt til"), null=True, blank=True)
    elected = models.CharField(
        _("valgt hvordan"), max_length=20, choices=Elected.choices, default=Elected.ASSEMBLY
    )
    # Two consents for the coordinator's contact details (eKVIS asks for both), each dated; the
    # history keeps every change with its actor.
    directory_consent = models.BooleanField(
        _("må vises i den offentlige oversigt over koordinatorer"), default=False
    )
    directory_consent_at = models.DateTimeField(
        _("samtykke til offentlig oversigt ændret"), null=True, blank=True
    )
    pass_on_consent = models.BooleanField(
        _("må videregives af sekretariatet på forespørgsel"), default=False
    )
    pass_on_consent_at = models.DateTimeField(
        _("samtykke til videregivelse ændret"), null=True, blank=True
    )
    history = History()

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


# The access log is defined in its own module; imported here so Django registers it with this
# app and callers import it from `klynge.clusters.models` as before.
from klynge.clusters.logmodels import AccessLog, AccessLogQuerySet  # noqa: E402, F401
