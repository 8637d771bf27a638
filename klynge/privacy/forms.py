from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from klynge.lib import forms


class SearchForm(forms.Form):
    q = django_forms.CharField(
        label=_("Navn eller e-mail"), min_length=2, max_length=100, required=False
    )


class ErasureForm(forms.Form):
    reason = django_forms.CharField(
        label=_("Begrundelse"),
        max_length=300,
        help_text=_("Fx »Personen har bedt om sletning i e-mail af 12.11.2026«."),
        widget=django_forms.Textarea(attrs={"rows": 3}),
    )
