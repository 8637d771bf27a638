from datetime import date

import pytest

from klynge.clusters.models import ClinicAffiliation, Post
from klynge.conftest import make_clinic, make_person

Role = ClinicAffiliation.Role


@pytest.fixture
def ekvis(world):
    """Cluster E (eKVIS) with a coordinator (a user) and clinics with owners, an employed doctor,
    a doctor in training and a secretary."""
    cluster = world.cluster_e
    clinics = [make_clinic(cluster, "Øjenklinikken") for _ in range(3)]
    coordinator = make_person("Eva Koordinator", clinics[0], email="eva@example.dk", user=True)
    Post.objects.create(
        cluster=cluster, person=coordinator, kind=Post.Kind.COORDINATOR, start=date(2025, 4, 1)
    )
    people = {
        "coordinator": coordinator,
        "owner1": make_person("Ole Ejer", clinics[1]),
        "owner2": make_person("Olga Ejer", clinics[2]),
        "employed": make_person("Anne Ansat", clinics[1], role=Role.EMPLOYED),
        "trainee": make_person("Ulla Uddannelse", clinics[1], role=Role.TRAINEE),
        "staff": make_person("Sif Sekretær", clinics[2], role=Role.STAFF),
    }
    return {"cluster": cluster, "clinics": clinics, "people": people, "user": coordinator.user}


@pytest.fixture(autouse=True)
def quick_pack(request, monkeypatch):
    """Rendering the claim pack with WeasyPrint takes seconds; tests that do not read the pack get
    a one-page stand-in. Mark a test `real_pdf` to render the real thing."""
    if request.node.get_closest_marker("real_pdf"):
        return
    from klynge.money import pack
    from klynge.money.tests.factories import PDF_BYTES

    monkeypatch.setattr(pack, "build_pack", lambda claim: PDF_BYTES)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_pdf: render real PDFs with WeasyPrint")


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """The world's eight log-ins are hashed with Argon2 in production; MD5 keeps these tests fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
