import pytest

from klynge.clusters.models import ClinicAffiliation


@pytest.fixture
def coordinator(world, login):
    return login(world.users["coordinator"])


@pytest.fixture
def member_affiliation(world):
    return ClinicAffiliation.objects.get(person=world.people["member"], clinic=world.clinic_a1)


@pytest.fixture
def other_affiliation(world):
    return ClinicAffiliation.objects.get(person=world.people["member2"], clinic=world.clinic_a2)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The world makes several log-ins; Argon2 is slow by design and tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
