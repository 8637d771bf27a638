"""The retention rules, once a night (run by `manage.py send_due`; the first run of a day does it)."""

from datetime import datetime

from django.utils import timezone

from klynge.clusters.audit import Actor
from klynge.privacy import services


def run_due(now: datetime) -> int:
    services.apply_retention(timezone.localdate(now), by=Actor.system("send_due:privacy"))
    return 0  # it queues no mail
