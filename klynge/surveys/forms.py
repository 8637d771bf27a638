"""Building a questionnaire, and the answer form made from its questions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klynge.lib.forms import Form, ModelForm
from klynge.meetings.models import Meeting
from klynge.surveys import rules
from klynge.surveys.models import Question, Survey

NO_PATIENT_DATA = _(
    "Skriv aldrig patientdata (navne, CPR-numre, sygdomsforløb) – hverken i spørgsmål eller svar."
)
MAX_OPTIONS = 12


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class SurveyForm(ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "anonymous", "audience", "meeting"]
        field_classes = {"meeting": MeetingField}
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "intro": NO_PATIENT_DATA,
            "anonymous": _(
                "Svarene gemmes uden navn. Resultaterne vises først, når mindst 3 har svaret."
            ),
            "meeting": _("Kun når spørgeskemaet sendes til de inviterede til et møde."),
        }
        error_messages = {"title": {"required": _("Skriv spørgeskemaets titel.")}}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = cluster.meetings.exclude(
            status=Meeting.Status.CANCELLED
        ).order_by("-start")

    def clean(self):
        data = super().clean()
        if data.get("audience") == Survey.Audience.MEETING and not data.get("meeting"):
            self.add_error("meeting", _("Vælg mødet, hvis inviterede skal have spørgeskemaet."))
        if data.get("audience") == Survey.Audience.MEMBERS:
            data["meeting"] = None
        return data


class QuestionForm(ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "options", "required"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"options": _("Ved ét eller flere svar: én svarmulighed pr. linje (2–12).")}
        error_messages = {
            "text": {"required": _("Skriv spørgsmålet.")},
            "kind": {"required": _("Vælg svartypen.")},
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if not 2 <= len(lines) <= MAX_OPTIONS:
                self.add_error("options", _("Skriv 2–12 svarmuligheder, én pr. linje."))
            elif len(set(lines)) != len(lines):
                self.add_error("options", _("To svarmuligheder er ens."))
            elif any(len(line) > 100 for line in lines):
                self.add_error("options", _("Højst 100 tegn pr. svarmulighed."))
            data["options"] = "\n".join(lines)
        else:
            data["options"] = ""
        return data


class AttachForm(Form):
    meeting = MeetingField(
        label=_("Møde"),
        queryset=Meeting.objects.none(),
        error_messages={"required": _("Vælg mødet.")},
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = cluster.meetings.exclude(
            status=Meeting.Status.CANCELLED
        ).order_by("-start")


def _field(question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.required}
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        choices = [(o, o) for o in question.option_list]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        choices = [(o, o) for o in question.option_list]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.SCALE:
        choices = [(str(n), str(n)) for n in rules.SCALE]
        return forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            help_text=_("1 = meget uenig/lidt, 5 = meget enig/meget"),
            **common,
        )
    if kind == Question.Kind.NUMBER:
        return forms.DecimalField(
            min_value=rules.NUMBER_MIN,
            max_value=rules.NUMBER_MAX,
            max_digits=12,
            decimal_places=2,
            error_messages={"invalid": _("Skriv et tal, fx 12 eller 3,5.")},
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=rules.TEXT_MAX,
        help_text=_("Højst %(n)s tegn. Ingen patientdata.") % {"n": rules.TEXT_MAX},
        **common,
    )


class AnswerForm(Form):
    """One field per question, named q<pk>; `answers()` gives {pk: plain value}."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field(question)

    def clean(self):
        data = super().clean()
        for question in self.questions:
            value = data.get(f"q{question.pk}")
            if question.kind == Question.Kind.TEXT and value and "\x00" in value:
                raise ValidationError(_("Ugyldige tegn i svaret."))
        return data

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            result[str(question.pk)] = str(value) if question.kind == "number" else value
        return result
