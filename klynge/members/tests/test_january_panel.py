"""The January check on the secretariat's page: how many of the scheme's clusters have checked,
and the first MISSING_SHOWN of those that have not, by name; the rest are counted and found in
the national overview. Its size does not grow with the scheme."""

from datetime import date

import time_machine
from django.urls import reverse

from klynge.conftest import make_cluster
from klynge.members import services
from klynge.members.panels import MISSING_SHOWN

HOME = reverse("secretariat:home")


def panel(page: str) -> str:
    start = page.index('id="members-secretariat-heading"')
    return page[start : page.index("</section>", start)]


def test_the_first_missing_clusters_are_named_and_the_rest_counted(world, login):
    for index in range(MISSING_SHOWN + 3):
        make_cluster(world.kiap, f"jan-{index:02d}", world.region)
    with time_machine.travel(date(2026, 1, 20)):
        services.mark_checked(world.cluster_a, 2026, "", by=world.users["coordinator"])
        text = panel(login(world.users["secretariat_kiap"]).get(HOME).text)
    total = MISSING_SHOWN + 3 + 2
    assert f"1 af {total} klynger har tjekket" in text
    named = text.count(reverse("members:january", args=["x"]).split("/x/")[0])
    assert named == MISSING_SHOWN
    assert world.cluster_a.name not in text  # checked
    unchecked = world.kiap.clusters.exclude(pk=world.cluster_a.pk).order_by("name")
    names = [cluster.name for cluster in unchecked]
    assert all(name in text for name in names[:MISSING_SHOWN])
    assert not any(name in text for name in names[MISSING_SHOWN:])
    assert "Og 4 klynger mere." in text
    assert reverse("desk:overview", args=[world.kiap.code]) in text


def test_no_more_line_when_every_missing_cluster_is_named(world, login):
    with time_machine.travel(date(2026, 1, 20)):
        text = panel(login(world.users["secretariat_kiap"]).get(HOME).text)
    assert "0 af 2 klynger har tjekket" in text
    assert world.cluster_a.name in text and world.cluster_b.name in text
    assert "mere." not in text
