"""Dashboard panels and list pages use the same number of queries for little and much data."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from klynge.clusters.access import clusters_of
from klynge.clusters.models import Post
from klynge.conftest import make_person
from klynge.lib.panels import count_tallies
from klynge.year import panels, services
from klynge.year.models import (
    ExternalActivity,
    Package,
    PackageOrder,
    PlannedTopic,
    StatusReport,
    Task,
    WheelMark,
)
from klynge.year.tests.helpers import local, meeting

TODAY = date(2027, 3, 1)


def grow(world, n, year=2026):
    """n of everything the year's pages list, in clusters A and B."""
    package = Package.objects.create(
        title="Data", provider_region=world.region, is_data_package=True
    )
    for cluster in (world.cluster_a, world.cluster_b):
        for i in range(n):
            m = meeting(cluster, TODAY + timedelta(days=10 + 7 * i))
            Task.objects.create(cluster=cluster, title=f"Opgave {i}", due=TODAY + timedelta(days=i))
            PackageOrder.objects.create(cluster=cluster, package=package, meeting=m)
            PlannedTopic.objects.create(cluster=cluster, year=2027, title=f"Emne {i}", meeting=m)
            ExternalActivity.objects.create(
                cluster=cluster, date=TODAY - timedelta(days=i), kind="region", counterpart="R"
            )
            WheelMark.objects.create(cluster=cluster, key=f"meeting:{m.pk}:answers")
            person = make_person(f"Bestyrelse {i}")
            Post.objects.create(
                cluster=cluster,
                person=person,
                kind="board",
                start=date(2025, 1, 1),
                term_end=TODAY + timedelta(days=60 + i),
            )
        services.create_assembly(
            cluster,
            start=local(TODAY + timedelta(days=20)),
            venue="Kro",
            address="",
            proposals_deadline=None,
            by=None,
        )
        StatusReport.objects.create(cluster=cluster, year=year)


def count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.fixture
def coordinator_of_both(world):
    Post.objects.create(
        cluster=world.cluster_b,
        person=world.people["coordinator"],
        kind="coordinator",
        start=date(2020, 1, 1),
    )
    return world.users["coordinator"]


def test_dashboard_panel_is_constant(world, coordinator_of_both, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = coordinator_of_both
    with time_machine.travel(local(TODAY, 10), tick=False):
        clusters = clusters_of(coordinator_of_both)
        # The clusters' tokens and the cache (2); the wheel (15): rulebooks, cluster rules,
        # meetings, ticks; year: reports, assemblies, eKVIS coordinator meetings, tasks, posts,
        # data-package orders; members: January checks; money: budgets, accounts, claims;
        # meetings: answers; then storing it per cluster (2 × 5: count, look-up, insert and the
        # savepoint around them).
        with django_assert_num_queries(27):
            small = panels.dashboard_panels(request, clusters)
        with django_assert_num_queries(1):  # cached: the tokens (the entries kept in the process)
            panels.dashboard_panels(request, clusters)
        grow(world, 12)  # new tokens: computed again
        with django_assert_num_queries(27):
            large = panels.dashboard_panels(request, clusters)
    assert sum(len(r["soon"]) + len(r["later"]) for r in large[0].context["rows"]) > sum(
        len(r["soon"]) + len(r["later"]) for r in small[0].context["rows"]
    )


def test_secretariat_panel_is_constant(world, django_assert_num_queries):
    request = RequestFactory().get("/")
    # pending handovers; the clusters of the scheme, submitted reports and new package orders
    # are tallies, counted in one query with the page's other panels'
    with django_assert_num_queries(2):
        count_tallies(panels.secretariat_panels(request, world.kiap), world.kiap)
    grow(world, 5)
    with django_assert_num_queries(2):
        count_tallies(panels.secretariat_panels(request, world.kiap), world.kiap)


PAGES = [
    "/klynger/klynge-a/aar/2027/",
    "/klynger/klynge-a/aar/emner/?aar=2027",
    "/klynger/klynge-a/aar/pakker/",
    "/klynger/klynge-a/aar/aktiviteter/",
    "/klynger/klynge-a/aar/generalforsamling/",
    "/klynger/klynge-a/aar/status/",
    "/klynger/klynge-a/",
    "/",
]


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_are_constant(world, login, url):
    with time_machine.travel(local(TODAY, 10), tick=False):
        client = login(world.users["coordinator"])
        grow(world, 2, year=2025)
        client.get(url)  # warm caches (content types, sessions)
        small = count(lambda: client.get(url))
        grow(world, 10)
        client.get(url)  # the wheel is computed again once (new data), then read from the cache
        large = count(lambda: client.get(url))
    assert small == large, f"{url}: {small} queries with little data, {large} with more"


def test_secretariat_report_list_is_constant(world, login):
    client = login(world.users["secretariat_kiap"])
    url = "/sekretariat/statusrapporter/?aar=2026"
    client.get(url)
    small = count(lambda: client.get(url))
    grow(world, 3)
    for i in range(10):
        from klynge.conftest import make_cluster

        cluster = make_cluster(world.kiap, f"ekstra-{i}", world.region)
        StatusReport.objects.create(cluster=cluster, year=2026, status="submitted")
    assert count(lambda: client.get(url)) == small
