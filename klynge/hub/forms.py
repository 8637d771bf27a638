from klynge.clusters.models import Person
from klynge.lib import forms


class ProfileForm(forms.GuardedModelForm):
    """The person's own details (rectification, GDPR art. 16): the e-mail here is where the
    cluster writes to; the login e-mail is changed under the account's e-mail settings."""

    class Meta:
        model = Person
        fields = ["name", "email", "phone", "share_contact"]
