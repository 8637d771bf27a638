"""The dashboard is the coordinator's to-do list: every item of the wheel not done, grouped now,
soon and later, none left out; this year's status report and a term ending in March on it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from klynge.clusters.models import Post
from klynge.year.models import Task
from klynge.year.rules import LATER, NOW, SOON, todo_group
from klynge.year.tests.helpers import local

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("due", "done", "group"),
    [
        (TODAY - timedelta(days=30), False, NOW),  # overdue is for now
        (TODAY, False, NOW),
        (TODAY + timedelta(days=14), False, NOW),
        (TODAY + timedelta(days=15), False, SOON),
        (TODAY + timedelta(days=60), False, SOON),
        (TODAY + timedelta(days=61), False, LATER),
        (TODAY + timedelta(days=400), False, LATER),
        (TODAY, True, None),  # done: off the list
    ],
)
def test_todo_groups(due, done, group):
    assert todo_group(due, done, TODAY) == group


@pytest.mark.django_db
def test_dashboard_lists_every_item_with_its_link(login, world):
    Post.objects.filter(cluster=world.cluster_a, kind="coordinator").update(
        term_end=date(2027, 3, 31)
    )
    for n in range(12):
        Task.objects.create(cluster=world.cluster_a, title=f"Egen opgave {n}", due=TODAY)
    with time_machine.travel(local(TODAY, 10), tick=False):
        page = login(world.users["coordinator"]).get("/").content.decode()
    assert "Din opgaveliste" in page
    # None of the twelve tasks due today is left out.
    assert all(f"Egen opgave {n}<" in page for n in range(12))
    # This year's status report (due in January) and the term ending 31 March (the handover).
    assert reverse("year:report", args=["klynge-a", 2026]) in page
    assert reverse("year:handover", args=["klynge-a"]) in page


@pytest.mark.django_db
def test_the_top_menu_has_the_clusters_sections(login, world):
    page = login(world.users["coordinator"]).get("/").content.decode()
    for name in ("meetings:list", "members:list", "money:overview", "year:reports"):
        assert reverse(name, args=["klynge-a"]) in page, name
    assert reverse("year:handover", args=["klynge-a"]) in page
    # A member sees the sections open to members only.
    member = login(world.users["member"]).get("/").content.decode()
    assert reverse("meetings:list", args=["klynge-a"]) in member
    assert reverse("money:overview", args=["klynge-a"]) not in member
    meetings = login(world.users["coordinator"]).get(reverse("meetings:list", args=["klynge-a"]))
    assert 'aria-current="page">Møder<' in meetings.content.decode()
