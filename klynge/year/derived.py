"""The year's inputs to derived data (klynge/clusters/derived.py): what the wheel's own
deadlines read (status reports, assemblies, the eKVIS coordinator meetings, tasks, ticks, data
package orders and their packages)."""

from django.db.models import Q

from klynge.clusters.derived import through, watch
from klynge.meetings.models import Meeting
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    Package,
    PackageOrder,
    StatusReport,
    Task,
    WheelMark,
)


def watch_inputs() -> None:
    for model in (StatusReport, ExternalActivity, Task, WheelMark, PackageOrder):
        watch(model)
    watch(Assembly, through(Meeting, "meeting_id"))
    watch(Package, lambda package: Q(package_orders__package_id=package.pk))
