"""Forms that render as DKFDS: the renderer's templates and the widget classes DKFDS expects;
and the one guard against lost updates on edit forms two people may use."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class DKFDSRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


WIDGET_CLASSES = {
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.ClearableFileInput: "form-file-input",
    forms.FileInput: "form-file-input",
}


# Dates anyone types in Klynge lie in this range: year 0001 or 9999 is a typo (and breaks date
# arithmetic and calendar files further on), so it gets a message next to the field instead.
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_RANGE_MESSAGE = _("Skriv en dato mellem år 2000 og 2100.")


def in_date_range(value) -> None:
    """Validator for date and date-time fields: the year lies in FIRST_YEAR..LAST_YEAR."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")


def limit_dates(field: forms.Field) -> None:
    dated = isinstance(field, forms.DateField | forms.DateTimeField) or isinstance(
        field.widget, DateInput | DateTimeInput
    )
    if dated and in_date_range not in field.validators:
        field.validators.append(in_date_range)


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its DKFDS class, and mark errored fields for screen readers.
    Date fields get the sane range (`in_date_range`)."""
    for name, field in form.fields.items():
        limit_dates(field)
        widget = field.widget
        css = next(
            (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input"
        )
        classes = widget.attrs.get("class", "")
        if css not in classes.split():
            widget.attrs["class"] = f"{css} {classes}".strip()
        # Read the errors only once validated: touching form.errors here would validate in
        # __init__, before a subclass has set its querysets or choices.
        errors = getattr(form, "_errors", None)
        if form.is_bound and errors is not None and name in errors:
            widget.attrs["aria-invalid"] = "true"


class DKFDSMixin(forms.BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        for field in self.fields.values():  # also fields a subclass added after __init__
            limit_dates(field)
        super().full_clean()
        style_widgets(self)


class Form(DKFDSMixin, forms.Form):
    pass


class ModelForm(DKFDSMixin, forms.ModelForm):
    pass


STALE_MESSAGE = _("Ændret af en anden – se de nye oplysninger.")


class StaleGuard(forms.BaseForm):
    """The guard against lost updates: the form carries the stored values of its fields as they
    were when shown (`seen`). When they have changed since, the save is refused with a message
    naming each changed field and its new value; what the user typed stays in the form, and
    saving again (having now seen the news) goes through. The view must fetch the row(s) fresh
    for the POST, as every view here does. Subclasses say what is stored (`stored_values`)."""

    stored: dict

    def guard(self) -> None:
        """Call at the end of __init__: read the stored values and put them in `seen`."""
        self.stored = json.loads(self._dump(self.stored_values()))  # as the browser sends them
        self.fields["seen"].initial = self._dump(self.stored)

    def stored_values(self) -> dict:
        raise NotImplementedError

    @staticmethod
    def _dump(values: dict) -> str:
        return json.dumps(values, sort_keys=True, default=str)

    def clean(self):
        cleaned = super().clean()
        if not self.stored or not self.is_bound:
            return cleaned
        key = self.add_prefix("seen")
        try:
            seen = json.loads(self.data.get(key) or "{}")
        except ValueError:
            seen = {}
        changed = [name for name, value in self.stored.items() if seen.get(name) != value]
        if changed:
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict; seen anew
            data[key] = self._dump(self.stored)
            self.data = data
            raise ValidationError([STALE_MESSAGE, *self._news(changed)], code="stale")
        return cleaned

    def _news(self, changed: list[str]) -> list[str]:
        lines = []
        for name in changed:
            field = self.fields[name]
            value = self.stored[name]
            choices = dict(
                getattr(field, "flatchoices", None) or getattr(field, "choices", None) or ()
            )
            shown = choices.get(value, value)
            if isinstance(shown, bool):
                shown = _("ja") if shown else _("nej")
            lines.append(f"{field.label}: {shown if shown not in (None, '') else '–'}")
        return lines


class GuardedModelForm(StaleGuard, ModelForm):
    """An edit form of one row that refuses to save over a change someone else made since it
    was shown (see StaleGuard)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard()

    def stored_values(self) -> dict:
        if not self.instance.pk:
            return {}
        names = [name for name in self.fields if name != "seen"]
        return {
            name: self.instance.serializable_value(name)
            for name in names
            if hasattr(self.instance, name)
        }


class GuardedForm(StaleGuard, Form):
    """A plain edit form over several rows (e.g. a person and their place in a clinic), guarded
    the same way: `stored_values` returns the stored values by field name; call `self.guard()`
    at the end of __init__."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class DateInput(forms.DateInput):
    """A date picker; a form with it accepts only years FIRST_YEAR..LAST_YEAR."""

    input_type = "date"

    def __init__(self, attrs=None):
        attrs = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31", **(attrs or {})}
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """A date-and-time picker; a form with it accepts only years FIRST_YEAR..LAST_YEAR."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        attrs = {
            "min": f"{FIRST_YEAR}-01-01T00:00",
            "max": f"{LAST_YEAR}-12-31T23:59",
            **(attrs or {}),
        }
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
