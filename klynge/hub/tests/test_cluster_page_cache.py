"""The cluster page reads its own facts and its panels' figures from the cache (klynge/lib/derived.py):
every table they read is watched, a change shows at once, and what depends on the time of day
(upcoming, begun) is decided when the page is read, not when the entry was made."""

from datetime import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from klynge.clusters.derived import WATCHED
from klynge.clusters.models import ClinicAffiliation
from klynge.clusters.tests.reads import models_read
from klynge.conftest import make_person
from klynge.hub.lookups import cluster_facts
from klynge.hub.tests.conftest import CPH, NOW
from klynge.lib import derived
from klynge.meetings.models import Action, Meeting
from klynge.meetings.panels import cluster_meetings
from klynge.members.models import LeaveNotice
from klynge.members.panels import cluster_counts
from klynge.money.panels import claims_and_period


def page(client, cluster) -> dict:
    """The page's own facts and its panels' contexts, by template."""
    response = client.get(reverse("clusters:detail", args=[cluster.slug]))
    assert response.status_code == 200
    return {
        "facts": response.context,
        **{panel.template: panel.context for panel in response.context["panels"]},
    }


def test_every_table_the_cluster_page_caches_is_watched(world, coordinator_at_now):
    """A table the cached figures start to read must be declared in its app's derived.py."""
    today = NOW.date()
    derived._local.clear()
    cache.clear()
    with models_read() as read:
        cluster_facts(world.cluster_a, today)
        cluster_meetings(world.cluster_a, today)
        cluster_counts(world.cluster_a, today)
        claims_and_period(world.cluster_a, today)
    assert {ClinicAffiliation, LeaveNotice, Action} <= read
    assert read <= set(WATCHED), sorted(model.__name__ for model in read - set(WATCHED))


def a_person(world):
    make_person("Nina Ny", world.clinic_a1)


def a_follow_up(world):
    Action.objects.create(cluster=world.cluster_a, text="Ring til apoteket")


def a_draft_notice(world):
    LeaveNotice.objects.create(
        membership=world.clinic_a2.memberships.get(),
        region=world.region,
        to="kap@example.dk",
        subject="Udmeldelse",
        body="…",
    )


@pytest.mark.parametrize(
    ("write", "panel", "figure"),
    [
        (a_person, "facts", "people_count"),
        (a_follow_up, "meetings/panel_cluster.html", "open_actions"),
        (a_draft_notice, "members/panel_cluster.html", "drafts"),
    ],
    ids=["person", "follow-up", "draft notice"],
)
def test_a_change_shows_at_once(world, coordinator_at_now, write, panel, figure):
    client, _clock = coordinator_at_now
    before = page(client, world.cluster_a)[panel][figure]
    write(world)
    assert page(client, world.cluster_a)[panel][figure] == before + 1


def test_upcoming_and_begun_are_decided_at_the_time_of_the_request(world, coordinator_at_now):
    client, clock = coordinator_at_now
    meeting = Meeting.objects.create(
        cluster=world.cluster_a,
        title="Eftermiddagsmøde",
        start=datetime(2026, 11, 27, 14, 0, tzinfo=CPH),
        status=Meeting.Status.CALLED,
    )
    panel = page(client, world.cluster_a)["meetings/panel_cluster.html"]
    assert [m.pk for m in panel["upcoming"]] == [meeting.pk]
    assert panel["after"] == []
    clock.move_to(datetime(2026, 11, 27, 15, 0, tzinfo=CPH))  # the same day: the same entry
    panel = page(client, world.cluster_a)["meetings/panel_cluster.html"]
    assert panel["upcoming"] == []
    assert [row["meeting"].pk for row in panel["after"]] == [meeting.pk]
