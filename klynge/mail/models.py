"""The outbox key: one row per (cause, recipient), written with the mail in one transaction."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Dispatch(models.Model):
    """Stops double sends: a mail is queued only if its key is new.

    The key names the cause and the recipient, e.g. "invitation:12:seq3:person:45". The e-mail itself
    is a django-post-office row that the worker sends with retries.
    """

    key = models.CharField(_("nøgle"), max_length=200, unique=True)
    email = models.ForeignKey(
        "post_office.Email",
        null=True,
        on_delete=models.SET_NULL,
        related_name="dispatches",
        verbose_name=_("e-mail"),
    )
    recipient = models.EmailField(_("modtager"))
    template = models.CharField(_("skabelon"), max_length=100)
    cluster = models.ForeignKey(
        "clusters.Cluster",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("klynge"),
    )
    # What caused it, as "app.model:pk", so a page can show sent/failed for e.g. a meeting.
    subject_ref = models.CharField(_("vedrører"), max_length=100, blank=True, db_index=True)
    created = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        ordering = ["-created"]

    def __str__(self):
        return self.key


class Lease(models.Model):
    """A named lease so that only one worker sends mail at a time, on any machine.

    Taken with one conditional UPDATE (atomic on SQLite and PostgreSQL); it runs out by itself if a
    worker dies while holding it.
    """

    name = models.CharField(max_length=50, unique=True, verbose_name=_("navn"))
    holder = models.CharField(max_length=100, blank=True, verbose_name=_("indehaver"))
    until = models.DateTimeField(default=timezone.now, verbose_name=_("gælder til"))

    class Meta:
        verbose_name = _("kørselslås")
        verbose_name_plural = _("kørselslåse")

    def __str__(self):
        return f"{self.name} ({self.holder} until {self.until})"


class OptOut(models.Model):
    """Someone who stopped an optional mail (the weekly digest) through its unsubscribe link."""

    email = models.EmailField(_("e-mail"))
    template = models.CharField(_("skabelon"), max_length=100)
    created = models.DateTimeField(_("oprettet"), default=timezone.now)

    class Meta:
        verbose_name = _("afmelding")
        verbose_name_plural = _("afmeldinger")
        constraints = [
            models.UniqueConstraint(fields=["email", "template"], name="mail_optout_once")
        ]

    def __str__(self):
        return f"{self.email}: {self.template}"
