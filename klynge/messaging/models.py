"""Messages the coordinator or board wrote to members, who got them, and the cluster's outside
contacts (municipality, region, hospital departments, other clusters, the quality unit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.lib.history import History


class Message(models.Model):
    """One message written to a group of the cluster's people, sent through the outbox."""

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Alle medlemmer")
        NON_RESPONDERS = "non_responders", _("Et mødes inviterede, der ikke har svaret")
        ATTENDEES = "attendees", _("Et mødes deltagere (mødt op)")
        ABSENTEES = "absentees", _("Et mødes fraværende (med og uden afbud)")
        CLINIC = "clinic", _("Én klinik")

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="messages_sent",
        verbose_name=_("klynge"),
    )
    audience = models.CharField(_("modtagere"), max_length=20, choices=Audience.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("møde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clinic = models.ForeignKey(
        "clusters.Clinic",
        verbose_name=_("klinik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("emne"), max_length=200)
    body = models.TextField(_("besked"), max_length=5000)
    # Who wrote it, as they signed it (the person may later change name or leave).
    sender = models.ForeignKey(
        "clusters.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("afsender"),
    )
    sender_name = models.CharField(_("afsender"), max_length=200)
    sender_email = models.EmailField(_("afsenderens e-mail"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sendt af"),
    )
    created = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        ordering = ["-created", "-pk"]
        indexes = [
            # The cluster's message list, newest first.
            models.Index(fields=["cluster", "created"], name="message_cluster_created"),
        ]

    def __str__(self):
        return self.subject


class Recipient(models.Model):
    """One person a message went to (or could not go to: no e-mail), and its outbox row."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("besked")
    )
    person = models.ForeignKey(
        "clusters.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person"),
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    dispatch = models.ForeignKey(
        "mail.Dispatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("afsendelse"),
    )

    class Meta:
        verbose_name = _("modtager")
        verbose_name_plural = _("modtagere")
        ordering = ["message", "name", "pk"]

    def __str__(self):
        return self.name


class Contact(models.Model):
    """Someone outside the cluster it works with. Belongs to the cluster, not to the coordinator,
    so whoever holds the post next finds the same address book."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region")
        HOSPITAL = "hospital", _("Hospitalsafdeling")
        CLUSTER = "cluster", _("Anden klynge")
        QUALITY_UNIT = "quality_unit", _("Regional kvalitetsenhed")
        OTHER = "other", _("Andet")

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("klynge"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    history = History()

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["kind", "organisation", "name", "pk"]

    def __str__(self):
        return f"{self.organisation}: {self.name}" if self.name else self.organisation
