"""Data-extraction consent, for the year app's data packages (klyngepakker)."""

from datetime import date

from klynge.clusters.models import Person
from klynge.members.models import DataConsent


def missing_consents(cluster, on_date: date) -> list[Person]:
    """Members of the cluster on the day without a data-extraction consent in force that day."""
    consenting = DataConsent.objects.current(on_date).filter(cluster=cluster).values("person_id")
    return list(
        Person.objects.members_of(cluster, on_date).exclude(pk__in=consenting).order_by("name")
    )


def has_consent(person, cluster, on_date: date) -> bool:
    return DataConsent.objects.current(on_date).filter(person=person, cluster=cluster).exists()
