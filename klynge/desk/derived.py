"""The desk's inputs to derived data (klynge/clusters/derived.py): the guides and news the
dashboard shows every cluster of the scheme (desk/panels.py); the questions, whose newest one
tells the national overview (desk/lookups.py) that a cluster waits for an answer."""

from django.db.models import Q

from klynge.clusters.derived import watch
from klynge.desk.models import Guide, News, Question


def watch_inputs() -> None:
    for model in (Guide, News):
        watch(model, lambda row: Q(scheme_id=row.scheme_id))
    watch(Question)
