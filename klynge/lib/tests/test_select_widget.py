"""The project's select.html (options written in place, not included one by one) renders exactly
what Django's own templates render."""

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class Choices(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("", "---"), (1, "Ét & to"), ("Gruppe", [(2, "x"), (3, 'y<"')])], initial=2
    )
    several = forms.MultipleChoiceField(choices=[(1, "a"), (2, "b"), (3, "c")], initial=[1, 3])
    maybe = forms.NullBooleanField()


def test_the_select_renders_as_djangos_own():
    for name in Choices.base_fields:
        ours = Choices(renderer=TemplatesSetting())[name].as_widget()
        django = Choices(renderer=DjangoTemplates())[name].as_widget()
        assert ours == django, name
    # ...and the project's template is the one in use.
    template = TemplatesSetting().get_template("django/forms/widgets/select.html")
    assert "option.label" in template.template.source
