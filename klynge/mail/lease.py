"""A named lease, so that one worker at a time runs the scheduled jobs, on any machine.

Taken and renewed with one conditional UPDATE each (atomic on SQLite and PostgreSQL). The holder
renews it between jobs; a worker that dies stops renewing, and the lease runs out by itself within
`SECONDS` of the last renewal, so a restarted worker waits at most that long for the jobs.
"""

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from klynge.mail.models import Lease

SECONDS = 60


class Held:
    """A lease this process holds."""

    def __init__(self, name: str, holder: str, seconds: int):
        self.name = name
        self.holder = holder
        self.seconds = seconds

    def renew(self) -> bool:
        """Extend the lease from now; False if it ran out and another worker took it."""
        now = timezone.now()
        return bool(
            Lease.objects.filter(name=self.name, holder=self.holder).update(
                until=now + timedelta(seconds=self.seconds)
            )
        )

    def release(self) -> None:
        Lease.objects.filter(name=self.name, holder=self.holder).update(until=timezone.now())


def take(name: str, seconds: int = SECONDS) -> Held | None:
    """The lease `name` if no one holds it (or the holder's ran out), else None."""
    Lease.objects.get_or_create(name=name)
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    taken = Lease.objects.filter(name=name, until__lte=now).update(
        holder=holder, until=now + timedelta(seconds=seconds)
    )
    return Held(name, holder, seconds) if taken else None


@contextmanager
def lease(name: str, seconds: int = SECONDS) -> Iterator[Held | None]:
    """Yield the held lease, or None if another process holds it; release it at the end."""
    held = take(name, seconds)
    try:
        yield held
    finally:
        if held is not None:
            held.release()
