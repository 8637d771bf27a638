"""Change history with its actor: django-simple-history, plus who (or which job) made the change.

Every model with people, memberships, attendance or money declares `history = History()`. The
actor is filled in by the core's audit context (klynge/clusters/audit.py) when the historical row
is written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import manager
from simple_history.models import HistoricalRecords


class HistoryManager(manager.HistoryManager):
    """simple-history's manager, made once per queryset class: simple-history makes the manager's
    class anew (Manager.from_queryset walks every method of the queryset) each time `history` is
    read, and it reads it for every historical row it writes, which cost a millisecond a write.
    The class is the same each time, so the first one is kept."""

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        if key not in MANAGER_CLASSES:
            MANAGER_CLASSES[key] = super().from_queryset(queryset_class, class_name)
        return MANAGER_CLASSES[key]


MANAGER_CLASSES: dict[tuple, type] = {}


class ActorRecord(models.Model):
    """Fields every historical row carries beside simple-history's own."""

    # The user's e-mail, or "system: <job>" for changes made by jobs and commands.
    history_actor = models.CharField(_("ændret af"), max_length=254, blank=True, default="")

    class Meta:
        abstract = True


def History(**kwargs) -> HistoricalRecords:  # noqa: N802 (reads like the field it makes)
    return HistoricalRecords(bases=[ActorRecord], history_manager=HistoryManager, **kwargs)
