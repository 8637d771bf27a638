"""Where users without a cluster of their own land, and the administrator's start page."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import Post


def test_regional_unit_lands_on_its_region(world, login):
    response = login(world.users["regional"]).get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("secretariat:region")
    page = login(world.users["regional"]).get(response["Location"]).text
    assert "Klynge klynge-a" in page and "Du er ikke knyttet" not in page


def test_admin_lands_on_the_administrators_start_page(world, login):
    client = login(world.users["admin"])
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("desk:admin_home")
    page = client.get(reverse("desk:admin_home")).text
    assert reverse("admin:index") in page
    assert reverse("admin:accounts_user_changelist") in page
    for code in ("kiap", "ekvis"):
        assert reverse("desk:overview", args=[code]) in page


def test_a_regional_user_with_a_post_keeps_the_dashboard(world, login):
    user = world.users["regional"]
    Post.objects.create(
        cluster=world.cluster_b,
        person=world.people["member"],
        kind=Post.Kind.BOARD,
        start=date(2020, 1, 1),
    )
    world.people["member"].user = None
    world.people["member"].save()
    world.people["member"].user = user
    world.people["member"].save()
    response = login(user).get(reverse("dashboard"))
    assert response.status_code == 200 and "Klynge klynge-b" in response.text


def test_others_keep_the_dashboard(world, login):
    for persona in ("member", "coordinator", "secretariat_kiap"):
        assert login(world.users[persona]).get(reverse("dashboard")).status_code == 200


def test_the_admin_speaks_danish(world, login):
    page = login(world.users["admin"]).get(reverse("admin:index")).text
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Klynge – administration" in title
    for danish in ("Klynger", "Konti", "Medlemmer", "Brugere"):
        assert danish in page, danish
    for english in ("Django administration", "Site administration", "Clusters", "Accounts"):
        assert english not in page, english


def test_regional_start_page_shows_each_clusters_status_without_names(world, login):
    from klynge.meetings.models import Meeting

    Meeting.objects.create(cluster=world.cluster_a, title="Møde", status=Meeting.Status.CALLED,
                           start=timezone.now() + timedelta(days=3))  # fmt: skip
    page = login(world.users["regional"]).get(reverse("secretariat:region")).text
    assert "Klyngernes status" in page and "KiAP / PLO" in page
    assert "Klynge klynge-a" in page and "Klynge klynge-b" in page
    assert "Klynge klynge-e" not in page  # another region
    assert (timezone.localdate() + timedelta(days=3)).strftime("%-d.%-m.%Y") in page


def test_regional_panel_queries_do_not_grow(world, rf, django_assert_num_queries):
    from klynge.conftest import make_clinic, make_cluster
    from klynge.desk.panels import regional_panels

    for size in (1, 6):
        for index in range(size):
            cluster = make_cluster(world.ekvis, f"r{size}-{index}", world.region)
            make_clinic(cluster)
        with django_assert_num_queries(22):
            panels = regional_panels(rf.get("/"), world.region)
    assert [len(section["rows"]) for section in panels[0].context["sections"]] == [2, 7]
