"""`AlterLabel` and `AlterModelLabel` give the migration state what `AlterField` and
`AlterModelOptions` give it, without re-rendering, and refuse to change anything but labels."""

import pytest
from django.db import models
from django.db.migrations.operations import AlterField, AlterModelOptions, CreateModel
from django.db.migrations.state import ProjectState

from ..migrations import AlterLabel, AlterModelLabel


def state_with_two_models() -> ProjectState:
    state = ProjectState()
    CreateModel("Thing", [("id", models.AutoField(primary_key=True))]).state_forwards("t", state)
    CreateModel(
        "Part",
        [
            ("id", models.AutoField(primary_key=True)),
            ("name", models.CharField(max_length=20, verbose_name="name")),
            ("thing", models.ForeignKey("t.Thing", models.CASCADE, verbose_name="thing")),
        ],
        options={"ordering": ["name"], "verbose_name": "part"},
    ).state_forwards("t", state)
    return state


@pytest.mark.parametrize("field_name", ["name", "thing"])
def test_alter_label_leaves_the_state_alter_field_would(field_name):
    field = {
        "name": models.CharField(max_length=20, verbose_name="navn", help_text="hjælp"),
        "thing": models.ForeignKey("t.Thing", models.CASCADE, verbose_name="ting"),
    }[field_name]
    ours, django = state_with_two_models(), state_with_two_models()
    _ = (ours.apps, django.apps)  # rendered, as during `migrate`
    AlterLabel("part", field_name, field).state_forwards("t", ours)
    AlterField("part", field_name, field).state_forwards("t", django)
    assert ours.models["t", "part"].fields[field_name].deconstruct() == (
        django.models["t", "part"].fields[field_name].deconstruct()
    )
    rendered = ours.apps.get_model("t", "Part")._meta.get_field(field_name)
    assert rendered.verbose_name == field.verbose_name
    assert ours.apps.get_model("t", "Thing")._meta.get_field("part").related_model is (
        ours.apps.get_model("t", "Part")
    )


@pytest.mark.parametrize(
    "field",
    [
        models.CharField(max_length=40, verbose_name="navn"),
        models.CharField(max_length=20, verbose_name="navn", null=True),
        models.TextField(verbose_name="navn"),
    ],
)
def test_alter_label_refuses_a_change_to_the_schema(field):
    state = state_with_two_models()
    with pytest.raises(ValueError, match="changes more than its labels"):
        AlterLabel("part", "name", field).state_forwards("t", state)


@pytest.mark.parametrize(
    "options",
    [
        {"ordering": ["name"], "verbose_name": "del", "verbose_name_plural": "dele"},
        {"ordering": ["name"]},  # the names go back to Django's defaults
    ],
)
def test_alter_model_label_leaves_the_state_alter_model_options_would(options):
    ours, django = state_with_two_models(), state_with_two_models()
    _ = (ours.apps, django.apps)  # rendered, as during `migrate`
    part = ours.apps.get_model("t", "Part")
    AlterModelLabel("part", options).state_forwards("t", ours)
    AlterModelOptions("part", options).state_forwards("t", django)
    assert ours.models["t", "part"].options == django.models["t", "part"].options
    assert ours.apps.get_model("t", "Part") is part  # not rendered again
    theirs = django.apps.get_model("t", "Part")._meta
    assert str(part._meta.verbose_name) == str(theirs.verbose_name)
    assert str(part._meta.verbose_name_plural) == str(theirs.verbose_name_plural)
    assert ours.apps.get_model("t", "Thing")._meta.get_field("part").related_model is part


@pytest.mark.parametrize(
    "options",
    [
        {"verbose_name": "del"},  # drops the ordering
        {"ordering": ["-name"], "verbose_name": "del"},
        {"ordering": ["name"], "verbose_name": "del", "db_table": "dele"},
    ],
)
def test_alter_model_label_refuses_any_other_change(options):
    state = state_with_two_models()
    with pytest.raises(ValueError, match="changes more than its names"):
        AlterModelLabel("part", options).state_forwards("t", state)
