from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.members.models import normalize_ydernummer


class YdernummerFormField(forms.CharField):
    """Accepts "57584" or "057584" and cleans to six digits, with a Danish message otherwise."""

    default_error_messages = {"required": _("Skriv ydernummeret.")}

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = None
        kwargs.setdefault("help_text", _("6 cifre, fx 057584. Foranstillede nuller kan udelades."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "size": 8})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize_ydernummer(value)
