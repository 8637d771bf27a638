"""Change history with its actor: django-simple-history, plus who (or which job) made the change.

Every model with people, memberships, attendance or money declares `history = History()`. The
actor is filled in by the core's audit context (klynge/clusters/audit.py) when the historical row
is written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActorRecord(models.Model):
    """Fields every historical row carries beside simple-history's own."""

    # The user's e-mail, or "system: <job>" for changes made by jobs and commands.
    history_actor = models.CharField(_("ændret af"), max_length=254, blank=True, default="")

    class Meta:
        abstract = True


def History(**kwargs) -> HistoricalRecords:  # noqa: N802 (reads like the field it makes)
    return HistoricalRecords(bases=[ActorRecord], **kwargs)
