"""A short questionnaire the coordinator sends to the members or to one meeting's invitees; each
answers once through a personal link, without login. Never patient data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib.history import History


class Survey(models.Model):
    class Audience(models.TextChoices):
        MEMBERS = "members", _("Alle klyngens medlemmer")
        MEETING = "meeting", _("De inviterede til et møde")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SENT = "sent", _("Sendt")
        CLOSED = "closed", _("Lukket")

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("klynge"),
    )
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("indledning"), blank=True, max_length=2000)
    anonymous = models.BooleanField(_("anonyme svar"), default=True)
    audience = models.CharField(
        _("sendes til"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    created = models.DateTimeField(default=timezone.now, verbose_name=_("oprettet"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    history = History()

    class Meta:
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Ét svar")
        MULTIPLE = "multiple", _("Flere svar")
        SCALE = "scale", _("Skala 1–5")
        NUMBER = "number", _("Tal")
        TEXT = "text", _("Fritekst")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("spørgeskema")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("rækkefølge"))
    text = models.CharField(_("spørgsmål"), max_length=300)
    kind = models.CharField(_("svartype"), max_length=10, choices=Kind.choices)
    options = models.TextField(_("svarmuligheder"), blank=True)
    required = models.BooleanField(_("skal besvares"), default=True)

    class Meta:
        verbose_name = _("spørgsmål")
        verbose_name_plural = _("spørgsmål")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Recipient(models.Model):
    """One person asked. Only whether (and on which day) they answered is kept here: with anonymous
    answers, the answer itself is not linked to them."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("spørgeskema")
    )
    person = models.ForeignKey(
        "clusters.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sendt"))
    answered_on = models.DateField(null=True, blank=True, verbose_name=_("besvaret"))

    class Meta:
        verbose_name = _("modtager")
        verbose_name_plural = _("modtagere")
        ordering = ["survey", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="survey_recipient_once")
        ]

    def __str__(self):
        return f"{self.person_id} – {self.survey_id}"


class Response(models.Model):
    """One set of answers: {question pk: value}. `recipient` is empty when anonymous; the day only,
    no time, so the order of answers does not tell who answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("spørgeskema")
    )
    recipient = models.OneToOneField(
        Recipient,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
        verbose_name=_("modtager"),
    )
    answers = models.JSONField(default=dict, verbose_name=_("svar"))
    submitted_on = models.DateField(default=timezone.localdate, verbose_name=_("indsendt"))

    class Meta:
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        ordering = ["survey", "pk"]

    def __str__(self):
        return f"{self.survey_id}: {self.pk}"
