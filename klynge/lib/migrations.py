"""A migration operation Django lacks: move models to another app without touching a table."""

from django.db.migrations.operations.base import Operation


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
