from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    """A person pseudonymised: by whom (none for the nightly job), when and why."""

    person = models.OneToOneField(
        "clusters.Person",
        on_delete=models.CASCADE,
        related_name="erasure",
        verbose_name=_("person"),
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("af"),
    )
    reason = models.CharField(_("begrundelse"), max_length=300)

    class Meta:
        verbose_name = _("sletning")
        verbose_name_plural = _("sletninger")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.person_id}: {self.reason}"


class RetentionRun(models.Model):
    """One night's run of the retention rules and what each rule did (counts)."""

    day = models.DateField(_("dag"), unique=True)
    ran_at = models.DateTimeField(_("kørt"), default=timezone.now)
    done = models.JSONField(_("udført"), default=dict)

    class Meta:
        verbose_name = _("sletterunde")
        verbose_name_plural = _("sletterunder")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)
