"""Panels' tallies are counted in one query for the page, and their look-ups are read once."""

from datetime import date

from klynge.clusters.models import Cluster, ClusterMembership, RulebookVersion
from klynge.lib import memo
from klynge.lib.panels import Panel, Tally, count_tallies


def tallied(world) -> list[Panel]:
    return [
        Panel("a.html", {"clusters": Tally(Cluster.objects.filter(scheme=world.kiap)), "x": 1}),
        Panel(
            "b.html",
            {
                "members": Tally(ClusterMembership.objects.all()),
                "none": Tally(Cluster.objects.filter(slug="findes-ikke")),
            },
        ),
    ]


def expected(world) -> list[dict]:
    return [
        {"clusters": Cluster.objects.filter(scheme=world.kiap).count(), "x": 1},
        {"members": ClusterMembership.objects.count(), "none": 0},
    ]


def test_tallies_are_counted_in_one_query_on_the_given_row(world, django_assert_num_queries):
    panels = tallied(world)
    with django_assert_num_queries(1):
        count_tallies(panels, world.kiap)
    assert [panel.context for panel in panels] == expected(world)
    assert expected(world)[1]["members"] > 1


def test_without_a_row_each_tally_is_counted_alone(world, django_assert_num_queries):
    panels = tallied(world)
    with django_assert_num_queries(3):
        count_tallies(panels, None)
    assert [panel.context for panel in panels] == expected(world)


def test_a_schemes_rulebooks_are_read_once_in_a_batch(world, django_assert_num_queries):
    versions = list(world.kiap.rulebook_versions.order_by("valid_from"))
    days = [version.valid_from for version in versions] + [date(2999, 12, 31)]
    wanted = [*versions, versions[-1]]
    with django_assert_num_queries(1), memo.batch():
        assert [world.kiap.rulebook_on(day) for day in days] == wanted
    with django_assert_num_queries(len(days)):  # outside a batch: asked each time
        assert [world.kiap.rulebook_on(day) for day in days] == wanted
    try:
        world.kiap.rulebook_on(date(1900, 1, 1))
    except RulebookVersion.DoesNotExist:
        pass
    else:
        raise AssertionError("a day before the first rulebook has none")
