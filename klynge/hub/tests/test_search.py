"""Name searches fold every letter's case, æ, ø and å too, on SQLite as on PostgreSQL
(klynge/lib/search.py), and keep % and _ literal."""

import pytest
from django.urls import reverse

from klynge.clusters.models import Clinic, Cluster
from klynge.conftest import make_clinic, make_cluster, make_person
from klynge.hub.tests.test_cluster_list import the_list


@pytest.fixture
def named(world):
    clusters = {
        "øl": make_cluster(world.kiap, "oelstykke", world.region),
        "år": make_cluster(world.kiap, "aarhus", world.region),
        "pct": make_cluster(world.kiap, "procent", world.region),
    }
    Cluster.objects.filter(pk=clusters["øl"].pk).update(name="Ølstykke-klyngen")
    Cluster.objects.filter(pk=clusters["år"].pk).update(name="Klyngen i ÅRHUS Æblehaven")
    Cluster.objects.filter(pk=clusters["pct"].pk).update(name="Klynge 50% under_streg")
    return clusters


def found(query: str) -> set[str]:
    return set(Cluster.objects.filter(name__folded=query).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("ølstykke", "oelstykke"),
        ("ØLSTYKKE", "oelstykke"),
        ("Ølstykke", "oelstykke"),
        ("århus", "aarhus"),
        ("æblehaven", "aarhus"),
        ("ÆBLEHAVEN", "aarhus"),
    ],
)
def test_danish_letters_in_any_case(named, query, slug):
    assert found(query) == {slug}


def test_percent_and_underscore_are_literal(named):
    assert found("50%") == {"procent"}
    assert found("0% u") == {"procent"}
    assert found("under_streg") == {"procent"}
    assert found("under-streg") == set()
    assert found("%") == {"procent"}
    assert found("_") == {"procent"}


def test_the_member_list_finds_a_clinic_and_a_person_by_danish_letters(world, login):
    clinic = make_clinic(world.cluster_a, name="Lægerne på Østergade")
    make_person("Søren Ærø", Clinic.objects.get(pk=world.clinic_a1.pk))
    client = login(world.users["coordinator"])
    url = reverse("members:list", args=[world.cluster_a.slug])
    page = client.get(url, {"q": "østergade"}).text
    assert "Lægerne på Østergade" in page
    page = client.get(url, {"q": "SØREN ÆRØ"}).text
    assert world.clinic_a1.name in page and clinic.name not in page


def test_the_secretariats_cluster_search_finds_danish_letters(named, login, world):
    page = login(world.users["secretariat_kiap"]).get(
        reverse("secretariat:home"), {"q": "ølstykke"}
    )
    listed = the_list(page.text)  # below the panels, which name clusters too
    assert "Ølstykke-klyngen" in listed
    assert "Klyngen i ÅRHUS" not in listed
