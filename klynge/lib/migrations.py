"""Migration operations Django lacks: move models to another app without touching a table
(`MoveModels`), and change a field's or a model's labels without re-rendering every related model
(`AlterLabel`, `AlterModelLabel`)."""

from django.db.migrations.operations import AlterField, AlterModelOptions
from django.db.migrations.operations.base import Operation
from django.utils.text import camel_case_to_spaces, format_lazy


class MoveModels(Operation):
    """Move models (and what points at them) from one app's state to another's.

    Only Django's picture changes: each model keeps its table (`db_table` is pinned to the old
    name) and no SQL runs. One operation repoints every foreign key at once, where a chain of
    AlterField operations would make Django re-render the related models once per field.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, from_app: str, to_app: str, models: list[str]):
        self.from_app = from_app
        self.to_app = to_app
        self.models = models

    def deconstruct(self):
        return self.__class__.__qualname__, [self.from_app, self.to_app, self.models], {}

    def describe(self):
        return f"Move {', '.join(self.models)} from {self.from_app} to {self.to_app} (state only)"

    def state_forwards(self, app_label, state):
        self._move(state, self.from_app, self.to_app)

    def state_backwards(self, app_label, state):
        self._move(state, self.to_app, self.from_app)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def _move(self, state, old: str, new: str) -> None:
        names = [name.lower() for name in self.models]
        for name in names:
            model_state = state.models.pop((old, name)).clone()
            model_state.app_label = new
            model_state.options.setdefault("db_table", f"{old}_{name}")
            state.models[new, name] = model_state
        moved = {f"{old}.{name}": f"{new}.{name}" for name in names}
        for model_state in state.models.values():
            for field_name, field in list(model_state.fields.items()):
                remote = getattr(field, "remote_field", None)
                if remote is None:
                    continue
                to = self._label(remote.model)
                through = self._label(getattr(remote, "through", None))
                if to not in moved and through not in moved:
                    continue
                changed = field.clone()
                if to in moved:
                    changed.remote_field.model = moved[to]
                if through in moved:
                    changed.remote_field.through = moved[through]
                model_state.fields[field_name] = changed
        # Relations and rendered models are rebuilt once, on next use.
        state._relations = None
        state.__dict__.pop("apps", None)

    @staticmethod
    def _label(target) -> str | None:
        if target is None:
            return None
        if isinstance(target, str):
            return target.lower()
        return target._meta.label_lower


# What may differ between the field before and after: labels only, nothing the schema or the
# relations between the models depend on.
LABELS = frozenset({"verbose_name", "help_text", "choices"})


class AlterLabel(AlterField):
    """An `AlterField` that changes only what a field is called (its verbose name, help text,
    choice labels): nothing in the database changes, so it writes nothing, and it updates the
    migration state without rendering the model again. A plain `AlterField` re-renders the model
    and every model related to it; the migrations that gave every field its Danish name did that
    some three hundred times, which made migrating a database forward take half a minute. An
    `AlterLabel` that would change anything else refuses to run."""

    def state_forwards(self, app_label, state):
        model_key = (app_label, self.model_name_lower)
        fields = state.models[model_key].fields
        old = fields[self.name]
        self._check_labels_only(old)
        if state._relations is not None and old.is_relation:
            fields.pop(self.name)
            state.resolve_model_field_relations(model_key, self.name, old)
            fields[self.name] = self.field
            state.resolve_model_field_relations(model_key, self.name, self.field)
        else:
            fields[self.name] = self.field
        if "apps" in state.__dict__:
            # Models already rendered keep their schema; only their field's labels change.
            try:
                model = state.apps.get_model(app_label, self.model_name)
            except LookupError:
                return
            rendered = model._meta.get_field(self.name)
            for label in LABELS:
                setattr(rendered, label, getattr(self.field, label))

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Alter label of field {self.name} on {self.model_name}"

    def _check_labels_only(self, old) -> None:
        old_path, old_args, old_kwargs = old.deconstruct()[1:]
        new_path, new_args, new_kwargs = self.field.deconstruct()[1:]
        for name in LABELS:
            old_kwargs.pop(name, None)
            new_kwargs.pop(name, None)
        if (old_path, old_args, old_kwargs) != (new_path, new_args, new_kwargs):
            raise ValueError(
                f"AlterLabel on {self.model_name}.{self.name} changes more than its labels: "
                f"{old_kwargs} → {new_kwargs}"
            )


# The model options that are only what a model is called.
MODEL_LABELS = frozenset({"verbose_name", "verbose_name_plural"})


class AlterModelLabel(AlterModelOptions):
    """An `AlterModelOptions` that changes only what a model is called (its verbose names): it
    updates the migration state without rendering the model and its related models again, as
    `AlterLabel` does for a field (Django re-renders them for any change of options; the Danish
    names did that for twenty models, a tenth of migrating forward). An `AlterModelLabel` that
    would change any other option refuses to run."""

    def state_forwards(self, app_label, state):
        model_state = state.models[app_label, self.name_lower]
        self._check_labels_only(model_state.options)
        options = {**model_state.options, **self.options}
        for key in MODEL_LABELS - self.options.keys():
            options.pop(key, None)
        model_state.options = options
        if "apps" in state.__dict__:
            try:
                model = state.apps.get_model(app_label, self.name)
            except LookupError:
                return
            # As Django's Options gives a model without them: its class name, plus an "s".
            meta = model._meta
            meta.verbose_name = options.get("verbose_name", camel_case_to_spaces(meta.object_name))
            meta.verbose_name_plural = options.get(
                "verbose_name_plural", format_lazy("{}s", meta.verbose_name)
            )

    def describe(self):
        return f"Change the names of {self.name}"

    def _check_labels_only(self, old: dict) -> None:
        others = set(self.ALTER_OPTION_KEYS) - MODEL_LABELS
        before = {key: old[key] for key in others if key in old}
        after = {key: value for key, value in self.options.items() if key not in MODEL_LABELS}
        if before != after:
            raise ValueError(
                f"AlterModelLabel on {self.name} changes more than its names: {before} → {after}"
            )
