"""The access log: who looked up or exported whose personal data (kept apart from `models.py` so
each file stays short; `models.py` imports it, so Django registers it with the clusters app)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only")

    def delete(self):
        raise TypeError("The access log is append-only")

    # The only two changes the log allows, both from the retention rules (klynge.privacy):
    def relabel_subject(self, person, label: str) -> int:
        """A pseudonymised person's rows name the pseudonym, not the person."""
        return models.QuerySet.update(self.filter(subject=person), subject_label=label)

    def expire(self, before) -> int:
        """Rows past their retention period go."""
        return models.QuerySet.delete(self.filter(at__lt=before))[0]


class AccessLog(models.Model):
    """Who looked up or exported whose personal data, when, and why (GDPR art. 15).

    Append-only: rows are written by klynge.clusters.accesslog.log_access and never changed.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Opslag")
        EXPORT = "export", _("Eksport")
        SEARCH = "search", _("Søgning")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bruger"),
    )
    actor_label = models.CharField(_("bruger"), max_length=254)
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    subject = models.ForeignKey(
        "clusters.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_log",
        verbose_name=_("person, der blev slået op"),
    )
    subject_label = models.CharField(_("person"), max_length=200, blank=True)
    cluster = models.ForeignKey(
        "clusters.Cluster",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("klynge"),
    )
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
