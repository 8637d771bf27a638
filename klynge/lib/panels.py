"""Pages that gather sections from several apps (the dashboard, the cluster page).

An app adds a section by defining, in its module `panels.py`, a function
`dashboard_panels(request, clusters)` or `cluster_panels(request, cluster)` that returns a list of
`Panel`s. Each panel is a template and its context; the page renders them in order. Each function
must use a constant number of queries, whatever the amount of data.
"""

from dataclasses import dataclass, field

from .hooks import app_modules


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def collect(hook: str, *args) -> list[Panel]:
    panels: list[Panel] = []
    for _app, module in app_modules("panels"):
        function = getattr(module, hook, None)
        if function is not None:
            panels.extend(function(*args))
    return sorted(panels, key=lambda panel: panel.order)
