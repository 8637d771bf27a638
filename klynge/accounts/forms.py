from allauth.account import forms as allauth_forms

from klynge.accounts.services import provision_account


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Login by code also works for people in the register who have never logged in: the code
    sent to their e-mail proves the address, and the account is made on the way."""

    def clean_email(self):
        email = self.cleaned_data.get("email")
        if email:
            provision_account(email)
        return super().clean_email()
