"""The ydernummer as a model field and a form field, both cleaning to six digits."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from klynge.clusters.ydernummer import normalize_ydernummer, validate_ydernummer


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


class YdernummerField(models.CharField):
    """A 6-digit ydernummer, zero-padded on the way in."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("validators", [validate_ydernummer])
        kwargs.setdefault("verbose_name", _("ydernummer"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        return normalize_ydernummer(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", YdernummerFormField)
        return super().formfield(**kwargs)
