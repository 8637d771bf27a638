"""The apps' optional modules (panels.py, jobs.py, demo.py, tests/matrix.py): one way to find them."""

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


@cache
def app_modules(name: str) -> tuple[tuple[AppConfig, ModuleType], ...]:
    """(app, module) for every Klynge app that has the module `name`, in app order.

    An app without it is skipped; an import error inside an existing module is raised. Found once
    per process: the apps and their modules do not change while it runs, and looking for a module
    an app lacks searches the file system again each time (half a millisecond a call; the pages
    and the wheel ask for their panels and deadlines on every request).
    """
    found = []
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
        found.append((config, module))
    return tuple(found)
