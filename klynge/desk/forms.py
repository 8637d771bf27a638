from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.desk.models import Guide, News
from klynge.lib import files
from klynge.lib.forms import DateInput, Form, ModelForm

GUIDE_KINDS = (files.PDF, files.DOCX, files.XLSX)


class GuideForm(ModelForm):
    upload = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word eller Excel. Aldrig patientdata."),
        error_messages={"required": _("Vælg en fil.")},
    )

    class Meta:
        model = Guide
        fields = ["title", "category", "version_date", "description"]
        widgets = {"version_date": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.kind = files.check_upload(upload, GUIDE_KINDS)
        return upload


class NewsForm(ModelForm):
    class Meta:
        model = News
        fields = ["title", "body", "emailed"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class QuestionForm(Form):
    body = forms.CharField(
        label=_("Besked"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv aldrig patientdata."),
        error_messages={"required": _("Skriv en besked.")},
    )


class RegisterForm(Form):
    """The list of ydernumre KiAP has registered for the cluster (CSV or Excel)."""

    file = forms.FileField(
        label=_("KiAP's liste over ydernumre (CSV eller Excel)"),
        help_text=_(
            "Hent listen under »Min Klynge« på KiAP's hjemmeside. En kolonne med overskriften "
            "»Ydernummer« (eller ydernumrene i første kolonne); foranstillede nuller må mangle."
        ),
        error_messages={"required": _("Vælg filen med KiAP's ydernumre.")},
    )

    def clean_file(self):
        from klynge.desk import register

        upload = self.cleaned_data["file"]
        files.check_table_upload(upload)
        try:
            self.ydernumre = register.parse(upload.name, upload.read())
        except register.RegisterFileError as exc:
            raise forms.ValidationError(str(exc), code="bad_file") from exc
        return upload
