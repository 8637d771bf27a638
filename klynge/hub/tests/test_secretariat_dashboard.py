"""The secretariat's dashboard: one card for its scheme (the number of clusters and the way to its
own pages), not one card per cluster of the scheme; the clusters the person has a role in are
still listed. The same queries whatever the size of the scheme."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.clusters.models import Post
from klynge.conftest import make_clinic, make_person
from klynge.hub.tests.test_cluster_list import add_clusters

DASHBOARD = reverse("dashboard")


def cards(page: str) -> list[str]:
    """The cluster cards under "Dine klynger" (their links to a cluster's page)."""
    if "Dine klynger" not in page:
        return []
    mine = page[page.index("Dine klynger") :]
    return [part.split('"')[0] for part in mine.split('href="/klynger/')[1:]]


def test_one_card_for_the_scheme_and_none_per_cluster(world, login):
    page = login(world.users["secretariat_kiap"]).get(DASHBOARD).text
    assert "Sekretariat for KiAP" in page or "Sekretariat for " + world.kiap.name in page
    assert "2 klynger i ordningen." in page
    assert reverse("secretariat:home") in page and reverse("money:inbox") in page
    assert reverse("desk:overview", args=[world.kiap.code]) in page
    assert cards(page) == []
    assert world.cluster_a.name not in page and world.cluster_b.name not in page


def test_the_clusters_the_person_has_a_role_in_are_still_listed(world, login):
    user = world.users["secretariat_kiap"]
    person = make_person("Sekretær med bestyrelsespost", make_clinic(world.cluster_b))
    person.user = user
    person.save()
    Post.objects.create(
        cluster=world.cluster_b, person=person, kind=Post.Kind.BOARD, start=date(2020, 1, 1)
    )
    page = login(user).get(DASHBOARD).text
    assert "2 klynger i ordningen." in page
    assert world.cluster_b.slug + "/" in cards(page)
    assert world.cluster_e.slug + "/" not in cards(page)


def test_a_member_sees_no_secretariat_card(world, login):
    page = login(world.users["member"]).get(DASHBOARD).text
    assert "i ordningen." not in page
    assert cards(page)


def test_the_same_queries_and_size_for_2_and_62_clusters(world, login, django_assert_num_queries):
    client = login(world.users["secretariat_kiap"])
    client.get(DASHBOARD)  # the session and whatever a first request warms
    with CaptureQueriesContext(connection) as few:
        small = client.get(DASHBOARD).text
    add_clusters(world, 60)
    with django_assert_num_queries(len(few)):
        large = client.get(DASHBOARD).text
    assert "62 klynger i ordningen." in large
    assert len(large) < len(small) + 200
