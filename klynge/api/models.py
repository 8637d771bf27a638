"""API tokens: one account may hold several; only a hash of each is stored, and each can be revoked."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(token: str) -> str:
    """The stored form of a token (SHA-256; the token itself is 256 random bits, never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruger"),
    )
    key_hash = models.CharField(
        max_length=64, unique=True, editable=False, verbose_name=_("nøglens hash")
    )
    # The first characters of the token, so a person can tell their tokens apart and revoke one.
    prefix = models.CharField(_("begyndelse"), max_length=8, editable=False)
    created = models.DateTimeField(_("oprettet"), default=timezone.now)
    last_used = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"
