"""Values for the privacy app's URL parameters in the access matrix (see test_access_matrix)."""

from datetime import date


def _data_subject(world, kwargs):
    """A member of cluster A who also works in an eKVIS clinic: both secretariats may see them."""
    from klynge.clusters.models import ClinicAffiliation
    from klynge.conftest import make_clinic

    person = world.people["member2"]
    clinic = make_clinic(world.cluster_e, name="Øjenklinikken")
    ClinicAffiliation.objects.get_or_create(
        person=person, clinic=clinic, defaults={"role": "owner", "start": date(2021, 1, 1)}
    )
    return person.pk


URL_KWARGS = {"data_subject": _data_subject}
