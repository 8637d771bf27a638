import os
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from klynge.mail.models import Lease


@contextmanager
def lease(name: str, seconds: int = 300):
    """Yield True if this process holds the lease `name`, False if another process does."""
    Lease.objects.get_or_create(name=name)
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    taken = Lease.objects.filter(name=name, until__lt=now).update(
        holder=holder, until=now + timedelta(seconds=seconds)
    )
    try:
        yield bool(taken)
    finally:
        if taken:
            Lease.objects.filter(name=name, holder=holder).update(until=timezone.now())
