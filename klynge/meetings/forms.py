from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Clinic, Person
from klynge.lib import danish, files
from klynge.lib.forms import DateInput, DateTimeInput, Form, GuardedModelForm, ModelForm
from klynge.lib.phrases import shown
from klynge.meetings.models import Action, AgendaItem, Guest, Invitation, Meeting, PollAnswer


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeetingForm(GuardedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "topic",
            "start",
            "end",
            "venue_type",
            "venue",
            "venue_address",
            "virtual_link",
            "catering_ordered",
            "catering_supplier",
            "expected_count",
            "chair",
            "facilitator",
            "answer_deadline",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "answer_deadline": DateTimeInput(),
            "venue_type": forms.RadioSelect(),
            "topic": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "start": _("Lad feltet stå tomt, hvis I først skal finde en dato med en afstemning."),
            "answer_deadline": _("Tom: klyngens regler sætter svarfristen, når der indkaldes."),
            "chair": _("Koordinatoren kan uddelegere ledelsen af mødet til et andet medlem."),
            "expected_count": _("Til bestilling af forplejning."),
        }
        field_classes = {"chair": PersonChoiceField}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = Person.objects.members_of(cluster).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Mødet skal slutte efter, det er begyndt."))
        if end and not start:
            self.add_error("start", _("Skriv, hvornår mødet begynder."))
        deadline = data.get("answer_deadline")
        if deadline and start and deadline > start:
            self.add_error("answer_deadline", _("Svarfristen skal ligge før mødet."))
        venue_type = data.get("venue_type")
        if venue_type == Meeting.VenueType.VIRTUAL and not data.get("virtual_link"):
            self.add_error("virtual_link", _("Skriv linket til det virtuelle møde."))
        if data.get("catering_ordered") and venue_type == Meeting.VenueType.VIRTUAL:
            self.add_error(
                "catering_ordered", _("Der bestilles ikke forplejning til et virtuelt møde.")
            )
        return data


class InviteForm(Form):
    people = forms.ModelMultipleChoiceField(
        label=_("Inviterede"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én person.")},
    )

    def __init__(self, *args, cluster, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        field.queryset = Person.objects.members_of(cluster, on).order_by("name")
        field.label_from_instance = lambda p: (
            f"{p.name} ({p.email})" if p.email else f"{p.name} – " + str(_("ingen e-mail"))
        )


class CancelForm(Form):
    reason = forms.CharField(
        label=_("Årsag (sendes til de inviterede)"), max_length=300, required=False
    )


class AnswerForm(Form):
    answer = forms.ChoiceField(
        label=_("Dit svar"),
        choices=[
            (Invitation.Answer.YES, _("Jeg deltager")),
            (Invitation.Answer.NO, _("Jeg melder afbud")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, om du deltager eller melder afbud.")},
    )
    reason = forms.CharField(
        label=_("Begrundelse for afbud"),
        max_length=300,
        required=False,
        help_text=_("Valgfri. Skriv aldrig oplysninger om patienter."),
    )


POLL_SLOTS = 8


class PollForm(Form):
    duration = forms.DecimalField(
        label=_("Mødets længde i timer"),
        min_value=0.5,
        max_value=12,
        decimal_places=1,
        initial=3,
        localize=True,
        error_messages={"invalid": _("Skriv længden i timer, fx 2,5.")},
    )
    deadline = forms.DateField(label=_("Svar senest"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, POLL_SLOTS + 1):
            self.fields[f"option_{n}"] = forms.DateTimeField(
                label=_("Forslag %(n)s") % {"n": n}, required=False, widget=DateTimeInput()
            )
        from klynge.lib.forms import style_widgets

        style_widgets(self)

    def option_fields(self):
        return [self[f"option_{n}"] for n in range(1, POLL_SLOTS + 1)]

    def clean(self):
        data = super().clean()
        starts = [data[f"option_{n}"] for n in range(1, POLL_SLOTS + 1) if data.get(f"option_{n}")]
        now = timezone.now()
        for n in range(1, POLL_SLOTS + 1):
            value = data.get(f"option_{n}")
            if value and value < now:
                self.add_error(f"option_{n}", _("Tidspunktet er allerede passeret."))
        if len(set(starts)) != len(starts):
            raise ValidationError(_("Det samme tidspunkt er foreslået to gange."))
        if len(starts) < 2:
            raise ValidationError(_("Foreslå mindst 2 tidspunkter."))
        duration = data.get("duration")
        if duration:
            length = timedelta(minutes=int(duration * 60))
            data["options"] = sorted((start, start + length) for start in starts)
        return data


class PollAnswerForm(Form):
    def __init__(self, *args, options, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for option in options:
            self.fields[f"o{option.pk}"] = forms.ChoiceField(
                label=_("%(day)s kl. %(time)s")
                % {
                    "day": danish.day(option.start),
                    "time": danish.moment(option.start, "TIME_FORMAT"),
                },
                choices=PollAnswer.Value.choices,
                widget=forms.RadioSelect,
                initial=current.get(option.pk),
                error_messages={"required": _("Svar ja, hvis nødvendigt eller nej.")},
            )
        from klynge.lib.forms import style_widgets

        style_widgets(self)

    def values(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


MAX_ITEM_MINUTES = 600


class PackageOrderField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.package.title} ({obj.get_status_display().lower()})"


class AgendaItemForm(GuardedModelForm):
    minutes_allotted = forms.IntegerField(
        label=_("Minutter"),
        required=False,
        min_value=0,
        max_value=MAX_ITEM_MINUTES,
        error_messages={
            "invalid": _("Skriv et helt antal minutter, fx 30."),
            "min_value": _("Skriv et antal minutter fra 0 til 600."),
            "max_value": _("Højst 600 minutter (10 timer) pr. punkt."),
        },
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "responsible",
            "minutes_allotted",
            "description",
            "basis",
            "package_order",
            "survey",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"responsible": PersonChoiceField, "package_order": PackageOrderField}
        labels = {
            "basis": _("Grundlag"),
            "package_order": _("Klyngepakke, punktet bruger"),
            "survey": _("Spørgeskema, punktet bruger"),
        }
        help_texts = {
            "basis": _("Hvad punktet bygger på. Tælles i statusrapporten og emneplanen."),
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Person.objects.members_of(cluster).order_by("name")
        # The cluster's orders still in play (and the one already chosen, whatever became of it).
        self.fields["package_order"].queryset = (
            cluster.package_orders.select_related("package")
            .filter(~Q(status="cancelled") | Q(pk=self.instance.package_order_id or 0))
            .order_by("-requested_on", "-pk")
        )

        self.fields["survey"].queryset = cluster.surveys.order_by("-created")

    def clean(self):
        data = super().clean()
        if data.get("survey") and not data.get("basis"):
            data["basis"] = AgendaItem.Basis.OWN_DATA
        if data.get("package_order") and not data.get("basis"):
            data["basis"] = AgendaItem.Basis.PACKAGE
        return data


class MaterialForm(Form):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word, Excel, PowerPoint, JPEG eller PNG. Aldrig patientdata."),
        error_messages={"required": _("Vælg en fil.")},
    )
    label = forms.CharField(label=_("Navn"), max_length=200, required=False)
    item = forms.ModelChoiceField(
        label=_("Hører til punkt"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.agenda.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.kind = files.check_upload(upload, files.MATERIAL_KINDS)
        return upload


class DecisionForm(Form):
    text = forms.CharField(
        label=_("Beslutning"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Skriv beslutningen.")},
    )


class ActionForm(Form):
    text = forms.CharField(
        label=_("Opfølgning"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Skriv, hvad der skal følges op på.")},
    )
    owner = forms.ChoiceField(label=_("Ansvarlig"))
    due_date = forms.DateField(label=_("Frist"), required=False, widget=DateInput())
    due_next_meeting = forms.BooleanField(label=_("Inden næste møde"), required=False)

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        people = Person.objects.members_of(cluster).order_by("name")
        clinics = Clinic.objects.active_in(cluster).order_by("name")
        self.fields["owner"].choices = [
            ("cluster", _("Hele klyngen")),
            (_("Personer"), [(f"person:{p.pk}", p.name) for p in people]),
            (_("Klinikker"), [(f"clinic:{c.pk}", c.name) for c in clinics]),
        ]

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_next_meeting"):
            self.add_error(
                "due_next_meeting", _("Vælg enten en dato eller «inden næste møde», ikke begge.")
            )
        elif not data.get("due_date") and not data.get("due_next_meeting"):
            self.add_error("due_date", _("Vælg en frist eller «inden næste møde»."))
        return data

    def action_fields(self) -> dict:
        """What the follow-up service stores: text, deadline and owner."""
        data = self.cleaned_data
        return {
            "text": data["text"],
            "due_date": data["due_date"],
            "due_next_meeting": data["due_next_meeting"],
            **self.owner_fields(),
        }

    def owner_fields(self) -> dict:
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        if kind == "person":
            return {"owner_person_id": int(pk), "owner_clinic": None}
        if kind == "clinic":
            return {"owner_clinic_id": int(pk), "owner_person": None}
        return {"owner_person": None, "owner_clinic": None}


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


class MinutesForm(Form):
    summary = forms.CharField(
        label=_("Generelt om mødet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Pointer, aftaler og opsamling. Aldrig oplysninger om patienter."),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda.all())
        self.fields["summary"].initial = meeting.minutes_summary
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{item.position}. {shown(item.title)}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=item.minutes,
            )
        from klynge.lib.forms import style_widgets

        style_widgets(self)


class WalkInForm(Form):
    person = PersonChoiceField(
        label=_("Person fra en medlemsklinik"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Vælg personen, der er mødt op.")},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        on = timezone.localdate(meeting.start) if meeting.start else None
        self.fields["person"].queryset = (
            Person.objects.members_of(meeting.cluster, on)
            .exclude(invitations__meeting=meeting)
            .order_by("name")
        )


class GuestForm(ModelForm):
    """An outside guest at the door: name, organisation and role."""

    class Meta:
        model = Guest
        fields = ["name", "organisation", "role"]
        error_messages = {"name": {"required": _("Skriv gæstens navn.")}}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Skriv gæstens navn."))
        return name
