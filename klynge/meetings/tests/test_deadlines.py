"""A meeting's items on the wheel read the cluster's rules in force on the meeting's date, and
link to the meeting. No database: the meeting, cluster and rules as unsaved rows."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from klynge.clusters.models import Cluster, ClusterRules, Scheme
from klynge.meetings.deadlines import meeting_items
from klynge.meetings.models import Meeting

CPH = ZoneInfo("Europe/Copenhagen")
# The cluster's rules: 14 days to answer and 7 for materials, from 1 April 2027 10 and 3.
RULES = [
    ClusterRules(valid_from=date(2026, 1, 1), answer_deadline_days=14, materials_deadline_days=7),
    ClusterRules(valid_from=date(2027, 4, 1), answer_deadline_days=10, materials_deadline_days=3),
]


def items(day: date, **extra) -> dict:
    cluster = Cluster(pk=3, slug="klynge-a", scheme=Scheme(kind=Scheme.Kind.GENERAL))
    meeting = Meeting(
        pk=7,
        cluster=cluster,
        title="Forårsmøde",
        start=datetime.combine(day, time(17), CPH),
        **extra,
    )
    return {item.key: item for item in meeting_items(meeting, RULES, answered=False)}


@pytest.mark.parametrize(
    ("day", "answers", "materials", "rule"),
    [
        (date(2027, 3, 31), date(2027, 3, 17), date(2027, 3, 24), "the day before the change"),
        (date(2027, 4, 1), date(2027, 3, 22), date(2027, 3, 29), "the new rules' first day"),
        (date(2026, 6, 10), date(2026, 5, 27), date(2026, 6, 3), "a year earlier"),
    ],
)
def test_answer_and_materials_days_from_the_rules_on_the_meetings_date(
    day, answers, materials, rule
):
    found = items(day)
    assert found["meeting:7:answers"].due == answers, rule
    assert found["meeting:7:materials"].due == materials, rule
    assert found["meeting:7:held"].due == day, rule


def test_the_meetings_own_answer_deadline_wins():
    own = datetime.combine(date(2027, 4, 20), time(23, 59), CPH)
    assert items(date(2027, 5, 10), answer_deadline=own)["meeting:7:answers"].due == date(
        2027, 4, 20
    )


def test_each_item_links_to_the_meeting():
    found = items(date(2027, 5, 10))
    page = reverse("meetings:detail", args=["klynge-a", 7])
    assert found["meeting:7:answers"].url == page
    assert found["meeting:7:materials"].url == page
    assert found["meeting:7:held"].url == reverse("meetings:attendance", args=["klynge-a", 7])
    assert {item.title for item in found.values()} == {
        "Forårsmøde: følg op på medlemmer, der ikke har svaret",
        "Forårsmøde: materiale udsendes",
        "Forårsmøde: mødet holdes, fremmøde registreres",
    }
