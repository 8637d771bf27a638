from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.clusters.models import Person
from klynge.lib import danish
from klynge.lib.forms import DateInput, DateTimeInput, Form, ModelForm, style_widgets
from klynge.meetings.models import Meeting
from klynge.year.models import (
    AssemblyDecision,
    Election,
    ExternalActivity,
    Package,
    PackageOrder,
    PlannedTopic,
    ReportSection,
    Task,
)

MONTHS = [
    (1, _("januar")),
    (2, _("februar")),
    (3, _("marts")),
    (4, _("april")),
    (5, _("maj")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("august")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TaskForm(ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due", "note"]
        widgets = {"due": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class AssemblyForm(Form):
    start = forms.DateTimeField(label=_("Dato og tidspunkt"), widget=DateTimeInput())
    venue = forms.CharField(label=_("Mødested"), max_length=200)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    proposals_deadline = forms.DateField(
        label=_("Frist for forslag fra medlemmerne"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Forslag skal være modtaget senest denne dag, så de kan komme med på den "
            "endelige dagsorden."
        ),
    )

    def __init__(self, *args, notice_days=14, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_days = notice_days
        self.creating = creating

    def clean_start(self):
        start = self.cleaned_data["start"]
        if self.creating and start < timezone.now():
            raise forms.ValidationError(_("Generalforsamlingen skal ligge i fremtiden."))
        return start

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start"), data.get("proposals_deadline")
        if start and deadline:
            latest = timezone.localdate(start) - timedelta(days=self.notice_days)
            if deadline > latest:
                self.add_error(
                    "proposals_deadline",
                    _("Fristen skal ligge senest %(date)s, før den endelige dagsorden udsendes.")
                    % {"date": danish.day(latest)},
                )
        return data


class AgendaForm(Form):
    agenda = forms.CharField(
        label=_("Dagsorden"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Ét punkt pr. linje. Punkterne nummereres i indkaldelsen."),
    )


class FinalNoticeForm(Form):
    reason = forms.CharField(
        label=_("Begrundelse, hvis indkaldelsen sendes senere end regelsættet foreskriver"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalForm(ModelForm):
    class Meta:
        from klynge.year.models import Proposal

        model = Proposal
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class MinutesForm(Form):
    chair = forms.CharField(label=_("Dirigent"), max_length=200)
    minute_taker = forms.CharField(label=_("Referent"), max_length=200)
    minutes = forms.CharField(
        label=_("Referat"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Beretning, regnskab, budget, forslag og eventuelt. Valg og beslutninger "
            "registreres nedenfor."
        ),
    )


class ElectionForm(ModelForm):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())

    class Meta:
        model = Election
        fields = ["person", "kind", "outcome", "start", "term_end"]
        widgets = {"start": DateInput(), "term_end": DateInput()}
        help_texts = {
            "start": _(
                "Fra hvilken dag personen har posten (fx 1. april). Rettighederne "
                "følger denne dato."
            ),
        }

    def __init__(self, *args, cluster=None, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.members_of(cluster, on).order_by("name")

    def clean(self):
        data = super().clean()
        start, term_end = data.get("start"), data.get("term_end")
        if start and term_end and term_end <= start:
            self.add_error("term_end", _("Perioden skal slutte efter den dag, den begynder."))
        if data.get("outcome") == Election.Outcome.ELECTED and not term_end:
            self.add_error("term_end", _("Skriv, hvor længe personen er valgt (fx 2 år)."))
        return data


class DecisionForm(ModelForm):
    minutes_required = forms.NullBooleanField(
        label=_("Der skrives referat af møderne"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Uændret")), ("true", _("Ja")), ("false", _("Nej"))]
        ),
    )

    class Meta:
        model = AssemblyDecision
        fields = [
            "topic",
            "text",
            "meetings_per_year",
            "max_absences",
            "coordinator_honorarium",
            "board_honorarium",
            "minutes_required",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "meetings_per_year": _(
                "Udfyld kun de regler, der ændres. De gælder fra generalforsamlingens dato."
            ),
        }

    def clean_meetings_per_year(self):
        value = self.cleaned_data.get("meetings_per_year")
        if value is not None and not 1 <= value <= 12:
            raise forms.ValidationError(_("Skriv et antal møder mellem 1 og 12."))
        return value


class HandoverForm(Form):
    successor = PersonChoiceField(label=_("Ny koordinator"), queryset=Person.objects.none())
    effective = forms.DateField(
        label=_("Skiftet træder i kraft"),
        widget=DateInput(),
        help_text=_("Vælg helst den 1. i en måned: honoraret deles efter hele måneder."),
    )
    term_end = forms.DateField(
        label=_("Den nye koordinator er valgt til"), required=False, widget=DateInput()
    )
    note = forms.CharField(
        label=_("Besked til sekretariatet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cluster=None, outgoing=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.outgoing = outgoing
        self.today = today or timezone.localdate()
        people = Person.objects.members_of(cluster, self.today).order_by("name")
        if outgoing is not None:
            people = people.exclude(pk=outgoing.person_id)
        self.fields["successor"].queryset = people

    def clean_effective(self):
        effective = self.cleaned_data["effective"]
        if effective < self.today:
            raise forms.ValidationError(_("Skiftet kan ikke ligge før i dag."))
        return effective

    def clean(self):
        data = super().clean()
        effective, term_end = data.get("effective"), data.get("term_end")
        if effective and term_end and term_end <= effective:
            self.add_error("term_end", _("Perioden skal slutte efter skiftet."))
        return data


class ActivityForm(ModelForm):
    class Meta:
        model = ExternalActivity
        fields = ["date", "kind", "counterpart", "represented_by", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("Datoen ligger mere end et år ude i fremtiden."))
        return day


class TopicForm(ModelForm):
    month = forms.TypedChoiceField(
        label=_("Måned"),
        choices=[("", "–"), *MONTHS],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = PlannedTopic
        fields = [
            "title",
            "year",
            "month",
            "meeting",
            "revisit_of",
            "package_order",
            "status",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(cluster=cluster)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-start")
        )
        topics = PlannedTopic.objects.filter(cluster=cluster)
        if self.instance.pk:
            topics = topics.exclude(pk=self.instance.pk)
        self.fields["revisit_of"].queryset = topics.order_by("-year", "title")
        self.fields["revisit_of"].help_text = _(
            "Vælg et tidligere emne, hvis mødet følger op på dets resultater og aftaler."
        )
        self.fields["package_order"].queryset = PackageOrder.objects.filter(
            cluster=cluster
        ).select_related("package", "cluster")

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 5:
            raise forms.ValidationError(
                _("Skriv et år mellem 2000 og %(max)d.") % {"max": timezone.localdate().year + 5}
            )
        return year


class PackageForm(ModelForm):
    class Meta:
        model = Package
        fields = ["title", "description", "url", "is_data_package", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OrderForm(ModelForm):
    class Meta:
        model = PackageOrder
        fields = ["meeting", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(cluster=cluster, kind=Meeting.Kind.CLUSTER)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-start")
        )


class OrderStatusForm(ModelForm):
    class Meta:
        model = PackageOrder
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class SectionForm(ModelForm):
    class Meta:
        model = ReportSection
        fields = ["title", "key", "source", "help_text", "order", "active"]
        widgets = {"help_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme

    def clean_key(self):
        key = self.cleaned_data["key"]
        clash = ReportSection.objects.filter(scheme=self.scheme, key=key)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Nøglen bruges allerede af et andet afsnit."))
        return key


class ReportForm(Form):
    """One text field per section of the scheme's form."""

    def __init__(self, *args, sections=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        for section in sections:
            self.fields[section.key] = forms.CharField(
                label=section.title,
                required=False,
                help_text=section.help_text or None,
                initial=answers.get(section.key, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        style_widgets(self)


class ConsentForm(Form):
    post = forms.IntegerField(widget=forms.HiddenInput)
    consent = forms.BooleanField(required=False)


class ReopenForm(Form):
    """The secretariat reopens a submitted status report; the reason goes to the coordinator."""

    reason = forms.CharField(
        label=_("Hvorfor genåbnes rapporten?"),
        help_text=_("Begrundelsen sendes til koordinatoren og gemmes i rapportens historik."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor rapporten genåbnes.")},
    )
