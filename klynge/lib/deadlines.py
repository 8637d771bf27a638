"""Deadlines on the wheel of the year (årshjul), contributed by the apps that own the facts.

An item is done when what it asks for exists (a submitted claim, a January check, a budget); the
app that records that fact knows it, so that app adds the item. An app defines, in
`klynge/<app>/deadlines.py`:

    def deadlines(window: Window) -> list[Item]

returning its items for every cluster year in the window, in a constant number of queries. The
wheel (`klynge/year/wheel.py`) gathers them like panels and keeps those due inside the window.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .due import SOON_DAYS as SOON_DAYS
from .due import on_day_of_year as on_day_of_year
from .due import state as state_on
from .hooks import app_modules

KIAP_TASKS = "KiAP: Opgaveliste til klyngekoordinatorer"
EKVIS_SEED = "eKVIS: Opgaver for klyngekoordinatoren"


class State(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    UPCOMING = "upcoming"
    DONE = "done"


STATE_LABELS = {
    State.OVERDUE: gettext_lazy("Overskredet"),
    State.SOON: gettext_lazy("Snart"),
    State.UPCOMING: gettext_lazy("Kommende"),
    State.DONE: gettext_lazy("Udført"),
}


@dataclass
class Item:
    key: str
    title: str
    due: date
    source: str
    url: str
    cluster: Any
    done: bool = False
    # May be ticked off by hand on the wheel (when Klynge records no fact for it).
    manual: bool = False
    warning: str = ""

    def state(self, today: date) -> State:
        return State(state_on(self.due, self.done, today))

    @property
    def uid(self) -> str:
        return f"{self.cluster.pk}-{self.key.replace(':', '-')}@klynge"


@dataclass
class ClusterYear:
    """One cluster in one calendar year: the rulebook and the cluster's rules in force then."""

    cluster: Any
    year: int
    rulebook: Any
    rules: Any
    # Every rulebook version of the cluster's scheme: a duty or a number that belongs to a day
    # (a meeting, a due day) is read from the version in force on that day.
    versions: list = field(default_factory=list)

    @property
    def specialist(self) -> bool:
        return self.cluster.scheme.is_specialist

    @property
    def source(self) -> str:
        return _("Regelsæt for %(scheme)s gældende fra %(date)s") % {
            "scheme": self.cluster.scheme.name,
            "date": short(self.rulebook.valid_from),
        }


@dataclass
class Window:
    """What the wheel asks the apps for: the clusters' years, their meetings near the window (not
    cancelled, by start; per cluster id, and as a query for sub-selects so that a hook's query
    count does not depend on the data), and every version of their rules."""

    start: date
    end: date
    years: list[ClusterYear]
    meetings: dict = field(default_factory=dict)
    meeting_query: Any = None
    rules: dict = field(default_factory=dict)

    @property
    def cluster_ids(self) -> list[int]:
        return sorted({y.cluster.pk for y in self.years})

    def clusters(self) -> list[Any]:
        seen: dict[int, Any] = {}
        for cluster_year in self.years:
            seen.setdefault(cluster_year.cluster.pk, cluster_year.cluster)
        return list(seen.values())


def collect(window: Window) -> list[Item]:
    items: list[Item] = []
    for _app, module in app_modules("deadlines"):
        items.extend(module.deadlines(window))
    return items


def short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def link(name: str, args, fallback: str) -> str:
    """A link to a page if it exists, else the fallback."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback
