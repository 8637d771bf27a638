"""Derived data in Django's cache, keyed by the owner's version token.

An owner (a cluster) carries `derived_version`, a random token that is replaced, in the same
transaction, whenever an input of its derived data changes (klynge/clusters/derived.py). A value
is cached under a key that holds the token, so a changed input means a new key: nothing stale
can be read, and nothing has to be deleted (old entries expire).

`cached(kind, owners, parts, compute)` reads the owners' tokens (one query), then every owner's
value (one query: the cache is the database), and computes the missing ones in one call.
"""

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils import translation

# Entries of old tokens are left to expire (and to the cache's culling).
TIMEOUT = 24 * 60 * 60


def new_token() -> int:
    return secrets.randbits(62)


def key(kind: str, owner, parts: Iterable) -> str:
    # The language too: derived data holds translated titles.
    fixed = [kind, owner.pk, owner.derived_version, translation.get_language() or "-"]
    return "derived:" + ":".join(str(part) for part in [*fixed, *parts])


def refresh_tokens(owners: list) -> None:
    """The owners' tokens as the database has them now (one query): an object loaded before a
    change, earlier in the request or by a long-running job, reads no stale entry."""
    if not owners:
        return
    manager = type(owners[0])._default_manager
    tokens = dict(
        manager.filter(pk__in=[owner.pk for owner in owners]).values_list("pk", "derived_version")
    )
    for owner in owners:
        owner.derived_version = tokens.get(owner.pk, owner.derived_version)


def cached(
    kind: str, owners: list, parts: Iterable, compute: Callable[[list], dict[int, Any]]
) -> dict[int, Any]:
    """{owner pk: value}: cached where the owner's token still matches, else `compute(missing
    owners)` (which returns {pk: value}), stored for the next request."""
    parts = list(parts)
    refresh_tokens(owners)
    keys = {owner.pk: key(kind, owner, parts) for owner in owners}
    found = cache.get_many(list(keys.values())) if keys else {}
    result = {pk: found[k] for pk, k in keys.items() if k in found}
    missing = [owner for owner in owners if owner.pk not in result]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[owner.pk]: computed[owner.pk] for owner in missing}, TIMEOUT)
        result.update(computed)
    return result
