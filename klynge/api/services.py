"""Issuing and revoking API tokens (the command `api_token` and the admin call these)."""

import secrets

from django.utils import timezone

from klynge.api.models import ApiToken, digest
from klynge.clusters.audit import service


@service
def issue(user, *, by) -> str:
    """A new token for `user`; returns the token itself, which is shown once and never stored.

    Hexadecimal, so that no token (and no prefix given to `api_token --revoke`) starts with "-",
    which the command line would read as an option."""
    token = secrets.token_hex(32)
    ApiToken.objects.create(user=user, key_hash=digest(token), prefix=token[:8])
    return token


@service
def revoke(user, prefix: str = "", *, by) -> int:
    """Revoke the user's live tokens (those starting with `prefix`, or all); return how many."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if prefix:
        tokens = tokens.filter(prefix=prefix[:8])
    return tokens.update(revoked_at=timezone.now())
