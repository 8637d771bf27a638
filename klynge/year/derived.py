"""The year's inputs to derived data (klynge/clusters/derived.py): what the wheel's own
deadlines read (status reports, assemblies, the eKVIS coordinator meetings, tasks, ticks, data
package orders and their packages); the national overview (desk/lookups.py) reads the pending
handovers and names the successor."""

from django.db.models import Q

from klynge.clusters.derived import through, watch
from klynge.clusters.models import Person
from klynge.meetings.models import Meeting
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    Handover,
    Package,
    PackageOrder,
    StatusReport,
    Task,
    WheelMark,
)


def watch_inputs() -> None:
    for model in (StatusReport, ExternalActivity, Task, WheelMark, PackageOrder, Handover):
        watch(model)
    watch(Assembly, through(Meeting, "meeting_id"))
    watch(Package, lambda package: Q(package_orders__package_id=package.pk))
    watch(Person, successor, referenced=True)


def successor(person) -> Q:
    """The clusters whose coordinator hands over to the person (the overview names them)."""
    return Q(pk__in=Handover.objects.filter(successor_id=person.pk).values("cluster_id"))
