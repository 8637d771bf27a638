"""The meetings demo loads into the clusters it is given, and loading it again changes nothing."""

import io
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from post_office.models import Email

from klynge.meetings import demo
from klynge.meetings.models import Action, DatePoll, Invitation, Meeting

pytestmark = pytest.mark.django_db


@dataclass
class DemoWorld:
    clusters: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


def test_demo_is_complete_and_idempotent(world):
    fake = DemoWorld(
        clusters={"roskilde": world.cluster_a, "oejenklyngen-nord": world.cluster_b},
        people={
            "koordinator": world.people["coordinator"],
            "medlem": world.people["member"],
            "ekvis.koordinator": world.people["other_coordinator"],
            "ekvis.medlem": world.people["other_coordinator"],
        },
    )
    demo.load(fake, io.StringIO())
    counts = (
        Meeting.objects.count(),
        Invitation.objects.count(),
        Action.objects.count(),
        Email.objects.count(),
    )
    demo.load(fake, io.StringIO())
    assert counts == (
        Meeting.objects.count(),
        Invitation.objects.count(),
        Action.objects.count(),
        Email.objects.count(),
    )
    a = world.cluster_a.meetings
    assert a.filter(status="held").count() == 2
    called = a.get(status="called")
    assert called.invitations.exclude(answer="none").exists()
    assert called.invitations.get(person=world.people["member"]).answer == "none"
    assert DatePoll.objects.filter(meeting__cluster=world.cluster_a, closed_at=None).exists()
    assert Invitation.objects.filter(meeting__status="held", attendance="present").exists()
    assert Action.objects.filter(cluster=world.cluster_a, status="open").exists()


def test_english_pages(login, world):
    client = login(world.users["coordinator"])
    response = client.get("/en" + reverse("meetings:list", args=["klynge-a"]))
    assert response.status_code == 200
    assert "New meeting" in response.text and "Nyt møde" not in response.text
