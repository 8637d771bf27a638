"""Derived data in Django's cache, keyed by the owner's version token.

An owner (a cluster) carries `derived_version`, a random token that is replaced, in the same
transaction, whenever an input of its derived data changes (klynge/clusters/derived.py). A value
is cached under a key that holds the token, so a changed input means a new key: nothing stale
can be read, and nothing has to be deleted (old entries expire).

`cached(kind, owners, parts, compute)` reads the owners' tokens (one query), then every owner's
value (one query: the cache is the database), and computes the missing ones in one call.

Two things spare those queries on a page that reads several kinds (the wheel and the account
status on the dashboard): within one request an owner's token is read once, unless this process
has renewed a token since (`renewed()`, called by every bump; the middleware `RequestScope`
marks the request); and an entry, which never changes
under its key, is kept in the process too (pickled, so no reader can change another's copy).

A key also holds the code's version (a digest of the package's code, templates and translations):
an entry computed by the code before a deploy is not read by the code after it, whose rules or
shapes may differ, although no token changed.
"""

import functools
import hashlib
import pickle
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.utils import translation

# Entries of old tokens are left to expire (and to the cache's culling).
TIMEOUT = 24 * 60 * 60


# Entries kept in the process, at most this many (then they are dropped all at once).
LOCAL_ENTRIES = 5000
_local: dict[str, bytes] = {}


class _Reads:
    """Tokens read in this request are good until the process renews one or the request ends."""

    generation = 0
    in_request = False


def renewed() -> None:
    """A token was renewed in this process: the next read asks the database again."""
    _Reads.generation += 1


class RequestScope:
    """Middleware: tokens read while a request is served are reused within it (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        renewed()
        _Reads.in_request = True
        try:
            return self.get_response(request)
        finally:
            renewed()
            _Reads.in_request = False


def new_token() -> int:
    return secrets.randbits(62)


# What the code's version is read from: everything under klynge/ that can change a derived value.
CODE_SUFFIXES = {".py", ".html", ".txt", ".mo"}


@functools.cache
def code_version() -> str:
    """The running code's version, read once a process (~70 ms over ~650 files)."""
    return digest_of(Path(__file__).resolve().parent.parent)


def digest_of(package: Path) -> str:
    """A digest of the package's code, templates and translations; tests and migrations left out."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.suffix in CODE_SUFFIXES and not {"tests", "migrations"} & set(relative.parts):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(kind: str, owner, parts: Iterable) -> str:
    return _key(kind, f"{owner.pk}:{owner.derived_version}", parts)


def _key(kind: str, owners: str, parts: Iterable) -> str:
    """The cache key: the kind, the code's version, the owners' identity and tokens, the language
    (derived data holds translated titles) and the caller's parts."""
    fixed = [kind, code_version(), owners, translation.get_language() or "-"]
    return "derived:" + ":".join(str(part) for part in [*fixed, *parts])


def refresh_tokens(owners: list) -> None:
    """The owners' tokens as the database has them now (one query): an object loaded before a
    change, earlier in the request or by a long-running job, reads no stale entry."""
    seen = _Reads.generation if _Reads.in_request else None
    stale = [o for o in owners if seen is None or getattr(o, "_derived_read", None) != seen]
    if not stale:
        return
    manager = type(stale[0])._default_manager
    tokens = dict(
        manager.filter(pk__in=[owner.pk for owner in stale]).values_list("pk", "derived_version")
    )
    for owner in stale:
        owner.derived_version = tokens.get(owner.pk, owner.derived_version)
        owner._derived_read = seen


def cached(
    kind: str, owners: list, parts: Iterable, compute: Callable[[list], dict[int, Any]]
) -> dict[int, Any]:
    """{owner pk: value}: cached where the owner's token still matches, else `compute(missing
    owners)` (which returns {pk: value}), stored for the next request."""
    parts = list(parts)
    refresh_tokens(owners)
    keys = {owner.pk: key(kind, owner, parts) for owner in owners}
    # Bytes this process pickled itself (keep()), never data from outside.
    result = {pk: pickle.loads(_local[k]) for pk, k in keys.items() if k in _local}  # noqa: S301
    wanted = [k for pk, k in keys.items() if pk not in result]
    found = cache.get_many(wanted) if wanted else {}
    keep({k: found[k] for k in wanted if k in found})
    result.update({pk: found[k] for pk, k in keys.items() if k in found})
    missing = [owner for owner in owners if owner.pk not in result]
    if missing:
        computed = compute(missing)
        fresh = {keys[owner.pk]: computed[owner.pk] for owner in missing}
        cache.set_many(fresh, TIMEOUT)
        keep(fresh)
        result.update(computed)
    return result


def cached_whole(
    kind: str, tokens: Iterable[tuple[int, int]], parts: Iterable, compute: Callable[[], Any]
) -> Any:
    """One value over many owners (a scheme's every cluster), under one key made from all their
    `(pk, token)` pairs: a changed input of any owner, or an owner added or removed, means a new
    key. One entry to read and write, where `cached` over a thousand owners reads and writes a
    thousand (the database cache writes each with its own queries)."""
    digest = hashlib.blake2b(digest_size=12)
    for pk, token in sorted(tokens):
        digest.update(f"{pk}:{token},".encode())
    k = _key(kind, digest.hexdigest(), parts)
    if k in _local:
        return pickle.loads(_local[k])  # noqa: S301 (bytes this process pickled itself)
    value = cache.get(k, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(k, value, TIMEOUT)
    keep({k: value})
    return value


_MISSING = object()


def keep(entries: dict[str, Any]) -> None:
    """The entries in the process too, for the next request this process serves."""
    if len(_local) + len(entries) > LOCAL_ENTRIES:
        _local.clear()
    for k, value in entries.items():
        _local[k] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
