"""Pages that gather sections from several apps (the dashboard, the cluster page).

An app adds a section by defining, in its module `panels.py`, a function
`dashboard_panels(request, clusters)` or `cluster_panels(request, cluster)` that returns a list of
`Panel`s. Each panel is a template and its context; the page renders them in order. Each function
must use a constant number of queries, whatever the amount of data.

A panel that only shows how many rows a query has puts a `Tally(queryset)` in its context: the
page counts every panel's tallies in one query, on the row of the object it passes as `tallies_on`
(the secretariat's scheme), and puts the numbers in their place; without it each tally is counted
alone. The panel functions run in one look-up batch (klynge/lib/memo.py): what one panel reads
through `memo.remembered` (a scheme's rulebooks) the next one does not read again.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from . import memo
from .aggregates import counted
from .hooks import app_modules


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


@dataclass(frozen=True)
class Tally:
    """The number of rows of `queryset`, counted by `collect` (see above)."""

    queryset: QuerySet


def collect(hook: str, *args, tallies_on=None) -> list[Panel]:
    panels: list[Panel] = []
    with memo.batch():
        for _app, module in app_modules("panels"):
            function = getattr(module, hook, None)
            if function is not None:
                panels.extend(function(*args))
    count_tallies(panels, tallies_on)
    return sorted(panels, key=lambda panel: panel.order)


def count_tallies(panels: list[Panel], on) -> None:
    """Every `Tally` in the panels' contexts replaced by its count: in one query on `on`'s row."""
    wanted = {
        (index, name): value
        for index, panel in enumerate(panels)
        for name, value in panel.context.items()
        if isinstance(value, Tally)
    }
    if not wanted:
        return
    if on is None:
        counts = {place: tally.queryset.count() for place, tally in wanted.items()}
    else:
        names = {f"tally_{n}": place for n, place in enumerate(wanted)}
        row = (
            type(on)
            ._default_manager.filter(pk=on.pk)
            .values(**{name: counted(wanted[place].queryset) for name, place in names.items()})
            .get()
        )
        counts = {place: row[name] for name, place in names.items()}
    for (index, name), number in counts.items():
        panels[index].context[name] = number
