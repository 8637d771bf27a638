"""The secretariat's and the regional unit's list of clusters: searched by name (and region), 50 a
page, the same queries whatever the number of clusters, the access log naming the coordinators
shown and no others (klynge/hub/lookups.py: cluster_page)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.clusters.models import AccessLog, Cluster, Post
from klynge.conftest import make_clinic, make_cluster, make_person
from klynge.hub.lookups import CLUSTERS_PER_PAGE

HOME = reverse("secretariat:home")
REGION = reverse("secretariat:region")


def add_clusters(world, count, start=0, region=None):
    """KiAP clusters "Klynge stor-000" …, each with a member clinic and a coordinator."""
    for index in range(start, start + count):
        cluster = make_cluster(world.kiap, f"stor-{index:03d}", region or world.region)
        clinic = make_clinic(cluster)
        person = make_person(f"Koordinator Stor {index:03d}", clinic)
        Post.objects.create(
            cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, start=date(2020, 1, 1)
        )


def the_list(page: str) -> str:
    """The list of clusters, below the panels (which may name clusters too)."""
    return page[page.index('<h2 id="klynger">') :]


def names_shown(page: str) -> list[str]:
    return re.findall(r"<td>(?:<a [^>]*>)?(Klynge [^<]+)<", the_list(page))


@pytest.fixture
def secretariat(world, login):
    return login(world.users["secretariat_kiap"])


@pytest.mark.parametrize(
    ("persona", "url"), [("secretariat_kiap", HOME), ("regional", REGION)], ids=["home", "region"]
)
def test_the_same_queries_for_3_and_70_clusters(
    world, login, django_assert_num_queries, persona, url
):
    client = login(world.users[persona])
    client.get(url)  # the session and whatever a first request warms
    add_clusters(world, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # The list's two queries (hub/lookups.py: cluster_page): the clusters counted by region,
    # the page with its clinic counts and coordinators; then the access log's insert.
    list_queries = [q["sql"] for q in few if "clusters_cluster" in q["sql"]]
    assert sum("COUNT(" in sql and "region__code" in sql for sql in list_queries) == 1
    add_clusters(world, 67, start=1)
    rows = {"": 50, "?side=2": 20, "?q=stor": 50, "?q=stor&side=2&region=atlantis": 18}
    for query, count in rows.items():
        with django_assert_num_queries(len(few)):
            page = client.get(url + query).text
        assert len(names_shown(page)) == count, query


def test_the_secretariats_page_makes_10_queries(world, secretariat, django_assert_num_queries):
    # The session, the user, the user's scheme; the clusters counted by region, the page; the
    # access log; the panels: the rulebook, the clusters and handovers of the year's panel, the
    # tallies (klynge/*/panels.py).
    secretariat.get(HOME)
    add_clusters(world, 68)
    with django_assert_num_queries(10):
        secretariat.get(HOME + "?q=stor&region=sjaelland&side=2")


def test_the_heading_counts_all_and_the_matches(world, secretariat):
    add_clusters(world, 68)
    page = secretariat.get(HOME).text
    assert "70 klynger" in page
    page = secretariat.get(HOME + "?q=stor-06").text
    assert "8 af 70 klynger" in page


def test_search_finds_part_of_a_name_in_any_case(world, secretariat):
    add_clusters(world, 3)
    page = secretariat.get(HOME + "?q=OR-00").text
    assert names_shown(page) == ["Klynge stor-000", "Klynge stor-001", "Klynge stor-002"]
    assert names_shown(secretariat.get(HOME + "?q=klynge-B").text) == ["Klynge klynge-b"]


def test_a_search_by_region(world, secretariat):
    from klynge.clusters.models import Region

    add_clusters(world, 2, region=Region.objects.get(code="hovedstaden"))
    page = secretariat.get(HOME + "?region=hovedstaden").text
    assert names_shown(page) == ["Klynge stor-000", "Klynge stor-001"]
    page = secretariat.get(HOME + "?region=hovedstaden&q=001").text
    assert names_shown(page) == ["Klynge stor-001"]


def test_the_page_links_keep_the_search(world, secretariat):
    add_clusters(world, 60)
    page = secretariat.get(HOME + "?q=STOR").text
    assert "?q=STOR&amp;side=2" in page
    page = secretariat.get(HOME + "?q=STOR&side=2").text
    assert "?q=STOR&amp;side=1" in page
    assert names_shown(page) == [f"Klynge stor-{i:03d}" for i in range(50, 60)]


def test_page_2_shows_the_next_clusters(world, secretariat):
    add_clusters(world, 68)
    ordered = list(Cluster.objects.of_scheme(world.kiap).order_by("name", "pk"))
    first = names_shown(secretariat.get(HOME).text)
    second = names_shown(secretariat.get(HOME + "?side=2").text)
    assert first == [c.name for c in ordered[:CLUSTERS_PER_PAGE]]
    assert second == [c.name for c in ordered[CLUSTERS_PER_PAGE:]]
    assert "Side 2 af 2" in secretariat.get(HOME + "?side=2").text


@pytest.mark.parametrize("side", ["abc", "-3", "0", "999", "1.5", "%00"])
def test_a_bad_page_number_gives_a_page(world, secretariat, side):
    add_clusters(world, 60)
    response = secretariat.get(HOME, {"side": side})
    assert response.status_code == 200
    assert len(names_shown(response.text)) in (CLUSTERS_PER_PAGE, 12)


@pytest.mark.parametrize(
    "query",
    [{"region": "atlantis"}, {"region": ["a", "b"]}, {"q": "x" * 500}, {"q": "%_\\'\""}],
    ids=["unknown region", "two regions", "long", "wildcards"],
)
def test_bad_search_input_gets_a_page_not_an_error(world, secretariat, query):
    response = secretariat.get(HOME, query)
    assert response.status_code == 200
    if "region" in query:
        assert "Vælg en af regionerne på listen." in response.text
        assert "maxlength" not in re.search(r"<select[^>]*>", response.text).group()
        assert names_shown(response.text) == ["Klynge klynge-a", "Klynge klynge-b"]


def test_an_unknown_region_is_ignored_on_the_regional_page(world, login):
    page = login(world.users["regional"]).get(REGION + "?region=hovedstaden&q=A").text
    assert names_shown(page) == ["Klynge klynge-a"]
    assert 'name="region"' not in page


def test_the_access_log_holds_the_coordinators_shown(world, secretariat):
    add_clusters(world, 60)
    before = set(AccessLog.objects.values_list("pk", flat=True))
    page = secretariat.get(HOME + "?side=2").text
    rows = AccessLog.objects.exclude(pk__in=before)
    logged = sorted(rows.values_list("subject_label", flat=True))
    shown = sorted(re.findall(r"<td>(Koordinator Stor \d+)</td>", the_list(page)))
    assert logged == shown and len(shown) == 12
    assert set(rows.values_list("action", flat=True)) == {"view"}
    before |= set(rows.values_list("pk", flat=True))
    secretariat.get(HOME + "?q=stor-00")
    rows = AccessLog.objects.exclude(pk__in=before)
    assert sorted(rows.values_list("subject_label", flat=True)) == [
        f"Koordinator Stor {i:03d}" for i in range(10)
    ]
    assert set(rows.values_list("action", flat=True)) == {"search"}
