"""The surveys' inputs to derived data (klynge/clusters/derived.py): the meeting page's agenda
form lists the cluster's surveys (klynge/meetings/page.py)."""

from klynge.clusters.derived import watch
from klynge.surveys.models import Survey


def watch_inputs() -> None:
    watch(Survey)
