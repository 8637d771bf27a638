from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Person
from klynge.lib import forms


class ProfileForm(forms.GuardedModelForm):
    """The person's own details (rectification, GDPR art. 16): the e-mail here is where the
    cluster writes to; the login e-mail is changed under the account's e-mail settings."""

    class Meta:
        model = Person
        fields = ["name", "email", "phone", "share_contact"]


class ClusterSearchForm(forms.Form):
    """The search above the secretariat's and the regional unit's list of clusters (GET). The
    region select is offered where the list spans regions, once they are known (`offer`)."""

    q = django_forms.CharField(label=_("Søg klynge"), required=False, max_length=100)
    # Checked against the regions the list has clusters in (`offer`), not here.
    region = django_forms.CharField(label=_("Region"), required=False, widget=django_forms.Select)

    def __init__(self, data, with_region: bool = True):
        super().__init__(data)
        if not with_region:
            del self.fields["region"]

    def value(self, name: str) -> str:
        """The field's valid value, or "" when it was left out or was not valid (then the form
        shows its message and the list is shown without that filter)."""
        if not self.is_bound or name not in self.fields:
            return ""
        if not self.is_valid() and name in self.errors:
            return ""
        return self.cleaned_data.get(name, "").strip()

    def offer(self, regions: list[tuple[str, str]]) -> None:
        """The regions to choose from, (code, name); one asked for that is not among them gets a
        message (and the list was shown without it: hub/lookups.py, cluster_page)."""
        if "region" not in self.fields:
            return
        self.fields["region"].widget.choices = [("", _("Alle regioner")), *regions]
        asked = self.value("region")
        if asked and asked not in dict(regions):
            self.add_error("region", _("Vælg en af regionerne på listen."))
            forms.style_widgets(self)
