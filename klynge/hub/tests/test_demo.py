"""The demo's core: four clusters of both schemes, named logins with their posts, staff logins;
loading twice changes nothing, and every login printed can be used."""

from io import StringIO

import pytest

from klynge.accounts.models import User
from klynge.clusters.audit import Actor, acting
from klynge.clusters.models import Clinic, ClinicAffiliation, Cluster, Person, Post
from klynge.hub.management.commands.demo import CLUSTERS, NAMED, PASSWORD, Command

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count() for model in (Cluster, Clinic, Person, ClinicAffiliation, Post, User)
    ]


def load_core():
    command = Command(stdout=StringIO())
    with acting(Actor.system("demo")):
        world = command.load_core()
    command.print_logins(world)
    return command.stdout.getvalue()


def test_demo_core_is_complete_and_idempotent():
    out = load_core()
    for slug, _name, scheme, *_rest, clinics, _town, _postcode in CLUSTERS:
        cluster = Cluster.objects.get(slug=slug)
        assert cluster.scheme.code == scheme
        assert Clinic.objects.active_in(cluster).count() >= clinics
    for slug, local, label, post_kind, _role in NAMED:
        user = User.objects.get(email=f"{local}@example.dk")
        assert user.check_password(PASSWORD)
        assert f"{local}@example.dk" in out and label in out
        if post_kind:
            assert Post.objects.filter(cluster__slug=slug, person__user=user, kind=post_kind)
    assert User.objects.get(email="sekretariat.plo@example.dk").secretariat_of.code == "kiap"
    assert User.objects.get(email="admin@example.dk").is_superuser
    before = counts()
    load_core()
    assert counts() == before
