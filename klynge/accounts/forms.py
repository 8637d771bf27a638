from allauth.account import forms as allauth_forms

from klynge.lib import forms
from klynge.members.models import Person


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "phone", "share_contact"]


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Login by code also works for people in the register who have never logged in: the code
    sent to their e-mail proves the address, and the account is made on the way."""

    def clean_email(self):
        email = self.cleaned_data.get("email")
        if email:
            provision_account(email)
        return super().clean_email()


def provision_account(email: str):
    """Make a log-in account for the registered person with this e-mail, if they have none."""
    from django.db import transaction

    from klynge.accounts.models import User

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
