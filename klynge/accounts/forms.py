from klynge.lib import forms
from klynge.members.models import Person


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "phone", "share_contact"]
