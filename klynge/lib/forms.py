"""Forms that render as DKFDS: the renderer's templates and the widget classes DKFDS expects."""

from django import forms
from django.forms.renderers import TemplatesSetting


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


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget its DKFDS class, and mark errored fields for screen readers."""
    for name, field in form.fields.items():
        widget = field.widget
        css = next(
            (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)), "form-input"
        )
        classes = widget.attrs.get("class", "")
        if css not in classes.split():
            widget.attrs["class"] = f"{css} {classes}".strip()
        # Read the errors only once validated: touching form.errors here would validate in
        # __init__, before a subclass has set its querysets or choices.
        if form.is_bound and form._errors is not None and name in form._errors:
            widget.attrs["aria-invalid"] = "true"


class DKFDSMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self):
        super().full_clean()
        style_widgets(self)


class Form(DKFDSMixin, forms.Form):
    pass


class ModelForm(DKFDSMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
