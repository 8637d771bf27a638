"""Claims with expense lines and receipts, budgets, annual accounts and honorarium payments.

Every model carries `history`, so who changed what and when is kept (simple_history takes the
user from the request). Amounts are Decimal with two places.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klynge.lib.history import History
from klynge.money.rules import ZERO

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class ClaimQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Claim.Status.REJECTED)

    def approved(self):
        """Approved or paid: money the secretariat has accepted."""
        return self.filter(status__in=Claim.ACCEPTED)

    def in_year(self, year: int):
        return self.filter(meeting__start__year=year)

    def with_totals(self):
        """Claims with their meeting and documented total (`documented`, `line_count`)."""
        return self.select_related("meeting").annotate(
            documented=models.Sum("lines__amount"), line_count=models.Count("lines")
        )


class Claim(models.Model):
    """A claim for the expenses of one meeting (one meeting per claim)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")
        APPROVED = "approved", _("Godkendt")
        REJECTED = "rejected", _("Afvist")
        PAID = "paid", _("Udbetalt")

    ACCEPTED = (Status.APPROVED, Status.PAID)
    EDITABLE = (Status.DRAFT, Status.REJECTED)

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("klynge"),
    )
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="claim", verbose_name=_("møde")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("bemærkning til sekretariatet"), blank=True)
    # What the rules gave when it was submitted, and what the secretariat approved.
    computed_refund = models.DecimalField(_("beregnet refusion"), **AMOUNT, default=ZERO)
    approved_amount = models.DecimalField(_("godkendt beløb"), **AMOUNT, null=True, blank=True)
    rule_text = models.TextField(_("reglen anvendt"), blank=True)
    decision_comment = models.TextField(_("sekretariatets kommentar"), blank=True)
    # Each submission is a new round: e-mails are keyed by it, so a resubmission mails again.
    round = models.PositiveSmallIntegerField(default=0, editable=False, verbose_name=_("runde"))
    # Stored under server-made names (klynge.lib.files.server_name), never the user's file name.
    pack = models.FileField(_("refusionspakke"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created = models.DateTimeField(_("oprettet"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indsendt af"),
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("besluttet af"),
    )
    paid_at = models.DateTimeField(_("udbetalt"), null=True, blank=True)
    history = History()

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("refusionskrav")
        verbose_name_plural = _("refusionskrav")
        ordering = ["-created"]
        indexes = [
            # The secretariat's inbox: submitted claims of a scheme's clusters, oldest first.
            models.Index(fields=["status", "submitted_at"], name="claim_status_submitted"),
        ]

    def __str__(self):
        return _("Refusion for %(meeting)s") % {"meeting": self.meeting}

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class ExpenseLine(models.Model):
    class Kind(models.TextChoices):
        ROOM = "room", _("Lokaleleje")
        CATERING = "catering", _("Forplejning")
        SPEAKER = "speaker", _("Eksternt oplæg")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Andet")

    # Room and catering are refunded together under the per-specialist rate.
    ROOM_AND_CATERING = (Kind.ROOM, Kind.CATERING)
    # The yearly pot ("udgifter til fx eksterne oplæg … 10.000 kr. pr. år") covers the rest.
    POT = (Kind.SPEAKER, Kind.TRANSPORT, Kind.OTHER)

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("refusionskrav")
    )
    kind = models.CharField(_("udgiftstype"), max_length=20, choices=Kind.choices)
    supplier = models.CharField(_("leverandør"), max_length=200)
    supplier_cvr = models.CharField(_("leverandørens CVR-nummer"), max_length=8, blank=True)
    date = models.DateField(_("bilagsdato"))
    description = models.CharField(_("hvad er købt"), max_length=200, blank=True)
    amount = models.DecimalField(_("beløb"), **AMOUNT, validators=[MinValueValidator(ZERO)])
    receipt = models.FileField(_("bilag"), blank=True)
    receipt_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    receipt_kind = models.CharField(max_length=10, blank=True, verbose_name=_("bilagets filtype"))
    history = History()

    class Meta:
        verbose_name = _("udgift")
        verbose_name_plural = _("udgifter")
        ordering = ["claim", "date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.supplier}"


class Budget(models.Model):
    """The cluster's budget for a calendar year (made in January for the general assembly)."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("klynge"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    note = models.TextField(_("bemærkninger"), blank=True)
    history = History()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetter")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="budget_one_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        INCOME = "income", _("Indtægt")
        MEETINGS = "meetings", _("Møder og lokaler")
        CATERING = "catering", _("Forplejning")
        SPEAKERS = "speakers", _("Eksterne oplæg")
        HONORARIA = "honoraria", _("Honorarer")
        PACKAGES = "packages", _("Klyngepakker")
        OTHER = "other", _("Andet")

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    kind = models.CharField(pgettext_lazy("budget", "post"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("beskrivelse"), max_length=200)
    amount = models.DecimalField(_("beløb"), **AMOUNT, validators=[MinValueValidator(ZERO)])
    suggested = models.BooleanField(_("foreslået af Klynge"), default=False)
    history = History()

    class Meta:
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")
        ordering = ["budget", "kind", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_income(self) -> bool:
        return self.kind == self.Kind.INCOME


class Accounts(models.Model):
    """The annual accounts (årsregnskab) of a cluster for a calendar year."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="annual_accounts",
        verbose_name=_("klynge"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    opening_balance = models.DecimalField(_("overført saldo fra sidste år"), **AMOUNT, default=ZERO)
    statement_balance = models.DecimalField(
        _("saldo ifølge sekretariatets kontoudtog"), **AMOUNT, null=True, blank=True
    )
    note = models.TextField(_("bemærkninger"), blank=True)
    history = History()

    class Meta:
        verbose_name = _("årsregnskab")
        verbose_name_plural = _("årsregnskaber")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="accounts_one_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}"


class AccountsLine(models.Model):
    """What only the secretariat's statement shows: bank fees, interest, a repayment …"""

    class Direction(models.TextChoices):
        INCOME = "income", _("Indtægt")
        EXPENSE = "expense", _("Udgift")

    accounts = models.ForeignKey(
        Accounts, on_delete=models.CASCADE, related_name="lines", verbose_name=_("årsregnskab")
    )
    direction = models.CharField(_("type"), max_length=10, choices=Direction.choices)
    date = models.DateField(_("dato"), null=True, blank=True)
    description = models.CharField(_("beskrivelse"), max_length=200)
    amount = models.DecimalField(_("beløb"), **AMOUNT, validators=[MinValueValidator(ZERO)])
    history = History()

    class Meta:
        verbose_name = _("regnskabslinje")
        verbose_name_plural = _("regnskabslinjer")
        ordering = ["accounts", "date", "pk"]

    def __str__(self):
        return self.description

    @property
    def signed(self):
        return self.amount if self.direction == self.Direction.INCOME else -self.amount


class HonorariumPayment(models.Model):
    """A share of an honorarium as paid out by the secretariat (the shares themselves are derived
    from the posts; this records what was paid, to whom, and when)."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="honorarium_payments",
        verbose_name=_("klynge"),
    )
    person = models.ForeignKey(
        "clusters.Person",
        on_delete=models.PROTECT,
        related_name="honorarium_payments",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("post"), max_length=20)
    period_start = models.DateField(_("periodens start"))
    months = models.PositiveSmallIntegerField(_("måneder"))
    amount = models.DecimalField(_("beløb"), **AMOUNT)
    paid_at = models.DateTimeField(_("udbetalt"))
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("udbetalt af"),
    )
    history = History()

    class Meta:
        verbose_name = _("honorarudbetaling")
        verbose_name_plural = _("honorarudbetalinger")
        ordering = ["period_start", "cluster", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "person", "kind", "period_start"],
                name="honorarium_paid_once",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.period_start:%Y}"


class Statement(models.Model):
    """PLO's account statement for the cluster's year, as imported (one per accounts; a new
    import replaces it). The accounts take their opening and closing balance from it."""

    accounts = models.OneToOneField(
        Accounts, on_delete=models.CASCADE, related_name="statement", verbose_name=_("årsregnskab")
    )
    filename = models.CharField(_("fil"), max_length=200)
    imported_at = models.DateTimeField(_("indlæst"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indlæst af"),
    )
    opening_balance = models.DecimalField(_("primosaldo"), **AMOUNT)
    closing_balance = models.DecimalField(_("ultimosaldo"), **AMOUNT)
    history = History()

    class Meta:
        verbose_name = _("kontoudtog")
        verbose_name_plural = _("kontoudtog")

    def __str__(self):
        return f"{self.accounts} ({self.filename})"


class StatementLine(models.Model):
    """One line of the statement and what it was matched to."""

    class Match(models.TextChoices):
        CLAIM = "claim", _("Godkendt refusion")
        HONORARIUM = "honorarium", _("Honorar")
        INCOME = "income", _("Tilskud til klyngen")
        OTHER = "other", _("Post kun på kontoudtoget")

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="lines", verbose_name=_("kontoudtog")
    )
    position = models.PositiveIntegerField(verbose_name=_("rækkefølge"))
    date = models.DateField(_("dato"))
    text = models.CharField(_("tekst"), max_length=200)
    amount = models.DecimalField(_("beløb"), **AMOUNT)
    balance = models.DecimalField(_("saldo"), **AMOUNT)
    match = models.CharField(_("afstemt med"), max_length=20, choices=Match.choices)
    claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_lines",
        verbose_name=_("refusionskrav"),
    )
    honorarium = models.ForeignKey(
        HonorariumPayment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_lines",
        verbose_name=_("honorar"),
    )
    # The accounts line made from a line nothing in Klynge explains (fee, interest, repayment …).
    accounts_line = models.OneToOneField(
        AccountsLine,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_line",
        verbose_name=_("regnskabslinje"),
    )
    history = History()

    class Meta:
        verbose_name = _("linje på kontoudtog")
        verbose_name_plural = _("linjer på kontoudtog")
        ordering = ["statement", "position"]

    def __str__(self):
        return f"{self.date} {self.text} {self.amount}"
