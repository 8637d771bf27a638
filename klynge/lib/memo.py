"""Remember a look-up for the length of one batch of work, e.g. one send-out of 40 invitations.

Each invitation's e-mail is signed by the cluster's coordinator and its calendar file names the
organizer; without a batch that is two queries per mail, with one a query per send-out. Outside a
batch nothing is remembered, so a change made between two mails is always seen.

    with memo.batch():
        for invitation in invitations:
            queue_mail(...)  # sender.coordinator_of(cluster) asks the database once
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict | None] = ContextVar("klynge_memo", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Look-ups made inside through `remembered` are made once (an outer batch is kept)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`, once per batch for `key`; every time outside a batch."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
