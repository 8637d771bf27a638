"""The apps' optional modules (panels.py, jobs.py, demo.py, tests/matrix.py): one way to find them."""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Yield (app, module) for every Klynge app that has the module `name`, in app order.

    An app without it is skipped; an import error inside an existing module is raised.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("klynge."):
            continue
        dotted = f"{config.name}.{name}"
        try:
            module = import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
            continue
        yield config, module
