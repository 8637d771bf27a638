"""Changes to log-in accounts."""

from django.db import transaction

from klynge.accounts.models import User
from klynge.clusters.models import Person


def provision_account(email: str):
    """Make a log-in account for the registered person with this e-mail, if they have none."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        return None
    people = list(Person.objects.filter(email__iexact=email, user__isnull=True)[:2])
    if len(people) != 1:  # unknown, or two people share the address: do nothing
        return None
    person = people[0]
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=None, name=person.name)
        person.user = user
        person.save(update_fields=["user"])
    return user
