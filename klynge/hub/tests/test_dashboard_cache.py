"""The coordinator's dashboard reads its panels' lists from the cache (klynge/lib/derived.py):
every table they read is watched, a change shows at once, and what depends on the time of day
(news of the last three months, materials deadlines) is decided when the page is read."""

from datetime import date, timedelta

from django.core.cache import cache
from django.urls import reverse

from klynge.clusters.derived import WATCHED
from klynge.clusters.tests.reads import models_read
from klynge.desk.models import Guide, News
from klynge.desk.panels import scheme_desk
from klynge.hub.tests.conftest import NOW
from klynge.lib import derived
from klynge.members import services
from klynge.members.models import FollowUp, JanuaryCheck
from klynge.members.panels import dashboard_lists


def panels(client) -> dict:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return {panel.template: panel.context for panel in response.context["panels"]}


def test_every_table_the_dashboard_caches_is_watched(world, coordinator_at_now):
    derived._local.clear()
    cache.clear()
    with models_read() as read:
        dashboard_lists([world.cluster_a], date(2027, 1, 10))  # January: the check is read too
        scheme_desk([world.cluster_a], NOW)
    assert {FollowUp, JanuaryCheck, Guide, News} <= read
    assert read <= set(WATCHED), sorted(model.__name__ for model in read - set(WATCHED))


def follow_ups(client) -> list:
    return [
        task.pk
        for task in panels(client).get("members/panel_dashboard.html", {}).get("follow_ups", [])
    ]


def test_a_follow_up_shows_at_once_and_goes_when_closed(world, coordinator_at_now):
    client, _clock = coordinator_at_now
    assert follow_ups(client) == []
    membership = world.clinic_a1.memberships.get()
    task = FollowUp.objects.create(
        cluster=world.cluster_a, membership=membership, title="Status", due=NOW.date()
    )
    assert follow_ups(client) == [task.pk]
    services.close_follow_ups(membership, by=world.users["coordinator"])  # an update: no signal
    assert follow_ups(client) == []


def test_a_guide_shows_at_once(world, coordinator_at_now):
    client, _clock = coordinator_at_now
    sections = panels(client)["desk/panel_guides.html"]["sections"]
    assert [s["guides"] for s in sections] == [[]]
    guide = Guide.objects.create(scheme=world.kiap, title="Vejledning", file="g.pdf", label="g")
    sections = panels(client)["desk/panel_guides.html"]["sections"]
    assert [[g.pk for g in s["guides"]] for s in sections] == [[guide.pk]]


def test_news_show_at_once_and_go_after_three_months_within_the_day(world, coordinator_at_now):
    client, clock = coordinator_at_now
    assert "desk/panel_news.html" not in panels(client)
    news = News.objects.create(
        scheme=world.kiap, title="Nyt", body="…", published_at=NOW - timedelta(days=90, hours=-1)
    )
    shown = panels(client)["desk/panel_news.html"]["sections"]
    assert [[item.pk for item in s["items"]] for s in shown] == [[news.pk]]
    clock.move_to(NOW + timedelta(hours=2))  # the same day: the same entry
    assert "desk/panel_news.html" not in panels(client)
