"""The members' inputs to derived data (klynge/clusters/derived.py): the January check (wheel)
and the listed patients (account status: the income)."""

from django.db.models import Q

from klynge.clusters.derived import watch
from klynge.members.models import JanuaryCheck, ListedPatients


def watch_inputs() -> None:
    watch(JanuaryCheck)
    watch(ListedPatients, lambda row: Q(memberships__clinic_id=row.clinic_id))
