"""Changes to log-in accounts."""

import secrets

from django.db import transaction

from klynge.accounts.models import User
from klynge.clusters.audit import service
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


@service
def new_calendar_token(user: User, *, by) -> str:
    """A new secret address for the user's calendar feeds; the old one stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
