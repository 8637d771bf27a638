from klynge.clusters.models import Person
from klynge.lib import forms


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "phone", "share_contact"]
