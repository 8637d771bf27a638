from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Clinic
from klynge.lib.forms import Form, ModelForm
from klynge.meetings.models import Meeting
from klynge.messaging import rules
from klynge.messaging.models import Contact, Message


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class MessageForm(Form):
    audience = forms.ChoiceField(
        label=_("Til"),
        choices=Message.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, hvem beskeden skal til."),
            "invalid_choice": _("Vælg, hvem beskeden skal til."),
        },
    )
    meeting = MeetingChoice(
        label=_("Møde"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Kun ved de inviterede, deltagerne eller de fraværende på et møde."),
        error_messages={"invalid_choice": _("Vælg et af klyngens møder.")},
    )
    clinic = forms.ModelChoiceField(
        label=_("Klinik"),
        queryset=Clinic.objects.none(),
        required=False,
        help_text=_("Kun ved én klinik: alle klinikkens medlemmer af klyngen får beskeden."),
        error_messages={"invalid_choice": _("Vælg en af klyngens klinikker.")},
    )
    subject = forms.CharField(
        label=_("Emne"),
        max_length=200,
        error_messages={"required": _("Skriv et emne.")},
    )
    body = forms.CharField(
        label=_("Besked"),
        max_length=rules.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Skriv aldrig patientdata. Svar på beskeden går til dig."),
        error_messages={"required": _("Skriv en besked.")},
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = cluster.meetings.exclude(
            status=Meeting.Status.CANCELLED
        ).order_by("-start", "-pk")
        self.fields["clinic"].queryset = Clinic.objects.active_in(
            cluster, timezone.localdate()
        ).order_by("name")


class ContactForm(ModelForm):
    class Meta:
        model = Contact
        fields = ["kind", "organisation", "name", "role", "email", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"organisation": {"required": _("Skriv organisationen.")}}
