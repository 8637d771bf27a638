"""The coordinator's two consents: shown on the public list, and passed on by the secretariat on
request. Each is given and withdrawn on its own, dated, in the history with its actor, and both
are shown to the secretariat. The one consent there was becomes the public-list consent."""

from datetime import date, datetime, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import Post
from klynge.desk.export import header, row_cells
from klynge.desk.lookups import overview

pytestmark = pytest.mark.django_db

MIGRATION = import_module("klynge.clusters.migrations.0007_post_two_consents")


def coordinator_post(world):
    return Post.objects.get(cluster=world.cluster_a, person=world.people["coordinator"])


def test_the_two_consents_are_given_and_withdrawn_apart_dated_and_logged(world, login):
    client = login(world.users["coordinator"])
    post = coordinator_post(world)
    moment = timezone.now().replace(microsecond=0) - timedelta(days=3)
    with time_machine.travel(moment, tick=False):
        client.post(reverse("year:consent"), {"post": post.pk, "kind": "pass_on", "consent": "1"})
    post.refresh_from_db()
    assert post.pass_on_consent and post.pass_on_consent_at == moment
    assert not post.directory_consent and post.directory_consent_at is None
    assert "Karen Koordinator" not in Client().get("/klyngeoversigt/").text, "not on the list"
    client.post(reverse("year:consent"), {"post": post.pk, "kind": "directory", "consent": "1"})
    client.post(reverse("year:consent"), {"post": post.pk, "kind": "pass_on", "consent": "0"})
    post.refresh_from_db()
    assert post.directory_consent and not post.pass_on_consent
    assert post.pass_on_consent_at > moment
    reasons = list(post.history.values_list("history_change_reason", "history_actor"))
    email = world.users["coordinator"].email
    assert ("Samtykke til videregivelse givet", email) in reasons
    assert ("Samtykke til videregivelse trukket tilbage", email) in reasons
    assert ("Samtykke til offentlig oversigt givet", email) in reasons
    profile = client.get("/profil/").text
    assert "samtykke til videregivelse trukket tilbage" in profile
    assert "Videregives af sekretariatet på forespørgsel:" in profile
    assert "Karen Koordinator" in Client().get("/klyngeoversigt/").text


def test_an_unknown_consent_or_someone_elses_post_changes_nothing(world, login):
    post = coordinator_post(world)
    client = login(world.users["coordinator"])
    client.post(reverse("year:consent"), {"post": post.pk, "kind": "sell", "consent": "1"})
    login(world.users["member"]).post(
        reverse("year:consent"), {"post": post.pk, "kind": "pass_on", "consent": "1"}
    )
    post.refresh_from_db()
    assert not post.pass_on_consent and not post.directory_consent
    assert post.history.count() == 1


def test_the_secretariat_sees_both_consents_with_dates(world, login):
    post = coordinator_post(world)
    post.directory_consent, post.directory_consent_at = True, timezone.now()
    post.pass_on_consent, post.pass_on_consent_at = True, timezone.now() - timedelta(days=40)
    post.save()
    page = login(world.users["secretariat_kiap"]).get(reverse("desk:overview", args=["kiap"]))
    day = timezone.localtime(post.pass_on_consent_at)
    assert "Må gives videre på forespørgsel" in page.text
    assert f"{day.day}.{day.month}.{day.year}" in page.text
    row = next(r for r in overview(world.kiap) if r.cluster == world.cluster_a)
    cells = dict(zip(header(False), row_cells(row, False), strict=False))
    assert cells["Samtykke til klyngeoversigten"] == "Ja"
    assert cells["Samtykke til videregivelse på forespørgsel"] == "Ja"
    assert cells["Samtykke til videregivelse givet"] == day.strftime("%d.%m.%Y")


def test_the_data_migration_keeps_the_one_consent_as_the_public_list_consent(world):
    post = coordinator_post(world)
    given = timezone.make_aware(datetime(2024, 5, 2, 10))
    with time_machine.travel(given, tick=False):
        post.directory_consent = True
        post.save()
    later = Post.objects.create(
        cluster=world.cluster_b,
        person=world.people["member"],
        kind=Post.Kind.COORDINATOR,
        start=date(2021, 3, 1),
        directory_consent=True,
    )
    Post.history.filter(id=later.pk).delete()  # a consent from before the history was kept
    MIGRATION.date_existing_consents(apps, None)
    post.refresh_from_db()
    later.refresh_from_db()
    assert post.directory_consent and post.directory_consent_at == given
    assert not post.pass_on_consent and post.pass_on_consent_at is None
    assert timezone.localdate(later.directory_consent_at) == date(2021, 3, 1)
    assert not later.pass_on_consent
    withheld = Post.objects.get(
        cluster=world.cluster_b,
        kind=Post.Kind.COORDINATOR,
        person=world.people["other_coordinator"],
    )
    assert withheld.directory_consent_at is None
