from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.events.models import SchemeEvent
from klynge.lib import files
from klynge.lib.forms import DateTimeInput, Form, ModelForm
from klynge.meetings.models import Invitation


class EventForm(ModelForm):
    class Meta:
        model = SchemeEvent
        fields = [
            "kind",
            "title",
            "start",
            "end",
            "venue",
            "venue_address",
            "programme",
            "answer_deadline",
            "include_board",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "answer_deadline": DateTimeInput(),
            "programme": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("start"), data.get("end"), data.get("answer_deadline")
        if start and end and end <= start:
            self.add_error("end", _("Slut skal ligge efter start."))
        if start and deadline and deadline > start:
            self.add_error("answer_deadline", _("Svarfristen skal ligge før arrangementet."))
        return data


class MaterialForm(Form):
    file = forms.FileField(label=_("Fil (PDF, Word, Excel, PowerPoint eller billede)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.kind = files.check_upload(upload, files.MATERIAL_KINDS)
        return upload


ATTENDANCE_CHOICES = [
    (value, label)
    for value, label in Invitation.Attendance.choices
    if value != Invitation.Attendance.UNKNOWN
]


class AttendanceForm(Form):
    """One choice per invited person, named by the invitation's id."""

    def __init__(self, *args, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for invitation in invitations:
            name = f"i{invitation.pk}"
            self.fields[name] = forms.ChoiceField(
                label=invitation.person.name,
                choices=[("", _("Ikke registreret")), *ATTENDANCE_CHOICES],
                required=False,
                initial=""
                if invitation.attendance == Invitation.Attendance.UNKNOWN
                else invitation.attendance,
            )
            self.rows.append((invitation, name))

    def values(self) -> dict[int, str]:
        found = {}
        for invitation, name in self.rows:
            value = self.cleaned_data.get(name) or Invitation.Attendance.UNKNOWN
            found[invitation.pk] = value
        return found
