"""The wheel of the year (årshjul): deadlines derived from the rulebook in force, the cluster's
own rules and what is recorded, plus the coordinator's own tasks. Each item names its source and
links to the page that does it.

The apps that own the facts add the items (`klynge/<app>/deadlines.py`, see
`klynge.lib.deadlines`): an item is done when its fact exists, or, for an item Klynge records
nothing for, when it is ticked off by hand (WheelMark). `build(clusters, start, end)` loads
everything for many clusters in a constant number of queries and returns the items due in
[start, end) per cluster id.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from klynge.clusters.models import ClusterRules, RulebookVersion
from klynge.lib import deadlines, derived, due
from klynge.lib.deadlines import SOON_DAYS, STATE_LABELS, ClusterYear, Item, State, Window
from klynge.lib.periods import in_force
from klynge.meetings.models import Meeting
from klynge.year.models import WheelMark

__all__ = ["SOON_DAYS", "STATE_LABELS", "Item", "State", "build", "group_by_state", "items_for"]

# Meetings this long before the window still have deadlines in it (paperwork after the meeting),
# and this long after it (answers and materials before the meeting).
MEETINGS_BEFORE_DAYS = 31
MEETINGS_AFTER_DAYS = 120


def cluster_years(clusters, start: date, end: date, rules: dict) -> list[ClusterYear]:
    """Each cluster's years in the window with the rulebook and rules in force on 1 January."""
    rulebooks = defaultdict(list)
    scheme_ids = {c.scheme_id for c in clusters}
    for version in RulebookVersion.objects.filter(scheme_id__in=scheme_ids).order_by("-valid_from"):
        rulebooks[version.scheme_id].append(version)
    years = []
    for cluster in clusters:
        versions = rulebooks[cluster.scheme_id]
        for year in range(start.year, end.year + 1):
            new_year = date(year, 1, 1)
            rulebook = in_force(versions, new_year) or (versions[-1] if versions else None)
            if rulebook is None:
                continue
            in_year = in_force(rules[cluster.pk], new_year) or ClusterRules(
                cluster=cluster, valid_from=new_year
            )
            years.append(ClusterYear(cluster, year, rulebook, in_year, versions))
    return years


def rules_of(clusters) -> dict[int, list]:
    rules = defaultdict(list)
    for row in ClusterRules.objects.filter(cluster__in=clusters).order_by("-valid_from"):
        rules[row.cluster_id].append(row)
    return rules


def meetings_near(clusters, start: date, end: date):
    """The clusters' meetings that have deadlines in the window (a query, not yet run)."""
    tz = timezone.get_current_timezone()
    return (
        Meeting.objects.filter(
            cluster__in=clusters,
            start__gte=datetime.combine(start - timedelta(days=MEETINGS_BEFORE_DAYS), time.min, tz),
            start__lt=datetime.combine(end + timedelta(days=MEETINGS_AFTER_DAYS), time.min, tz),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
    )


def by_cluster(clusters, meetings) -> dict[int, list]:
    by_id = {cluster.pk: cluster for cluster in clusters}
    found = defaultdict(list)
    for meeting in meetings:
        meeting.cluster = by_id[meeting.cluster_id]
        found[meeting.cluster_id].append(meeting)
    return found


def build(clusters, start: date, end: date) -> dict[int, list[Item]]:
    """The wheel items due in [start, end) for each cluster, sorted by date: from the cache while
    the cluster's inputs are unchanged (klynge/clusters/derived.py), in one query."""
    clusters = list(clusters)
    # Today too: whether an assembly's proposals are closed is decided on the day.
    parts = (start.isoformat(), end.isoformat(), timezone.localdate().isoformat())
    packed = derived.cached(
        "wheel", clusters, parts, lambda missing: pack(compute(missing, start, end))
    )
    by_id = {cluster.pk: cluster for cluster in clusters}
    return {
        pk: [replace(item, cluster=by_id[pk]) for item in items] for pk, items in packed.items()
    }


def pack(built: dict[int, list[Item]]) -> dict[int, list[Item]]:
    """Without the cluster objects: the cache keeps plain values, the reader adds its cluster."""
    return {pk: [replace(item, cluster=None) for item in items] for pk, items in built.items()}


def compute(clusters: list, start: date, end: date) -> dict[int, list[Item]]:
    rules = rules_of(clusters)
    window = Window(start, end, cluster_years(clusters, start, end, rules))
    window.meeting_query = meetings_near(clusters, start, end)
    window.meetings = by_cluster(clusters, window.meeting_query)
    window.rules = rules
    marks = defaultdict(set)
    for cluster_id, key in WheelMark.objects.filter(cluster__in=clusters).values_list(
        "cluster_id", "key"
    ):
        marks[cluster_id].add(key)
    result: dict[int, list[Item]] = {cluster.pk: [] for cluster in clusters}
    for item in deadlines.collect(window):
        if not due.in_window(item.due, start, end):
            continue
        if item.manual and item.key in marks[item.cluster.pk]:
            item.done = True
        result[item.cluster.pk].append(item)
    for items in result.values():
        items.sort(key=lambda i: (i.due, i.title))
    return result


def items_for(cluster, year: int) -> list[Item]:
    return build([cluster], date(year, 1, 1), date(year + 1, 1, 1))[cluster.pk]


def group_by_state(items: list[Item], today: date) -> dict[State, list[Item]]:
    groups: dict[State, list[Item]] = {state: [] for state in State}
    for item in items:
        groups[item.state(today)].append(item)
    return groups
