"""Searching names as a Danish user expects: "ølstykke" finds "Ølstykke Lægehus", "århus" finds
"Århus". `name__folded="ølstykke"` is `icontains` with every letter's case folded.

PostgreSQL's `icontains` (UPPER(…) LIKE UPPER(…)) folds æ, ø and å already. SQLite's LIKE folds
a–z only, so there the lookup calls `klynge_fold()`, Python's `str.casefold` registered on each
new SQLite connection (`register_fold`, connected in the core's AppConfig.ready). A Python call per
row: fine for the lists it searches (a cluster's clinics and people, a scheme's clusters).
"""

from django.db.models import CharField, TextField
from django.db.models.lookups import IContains

FOLD = "klynge_fold"


def _fold(value):
    return value.casefold() if isinstance(value, str) else value


def register_fold(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: `klynge_fold(text)` on SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD, 1, _fold, deterministic=True)


class Folded(IContains):
    """Contains, ignoring case for every letter (not only a–z) on every database."""

    lookup_name = "folded"

    def as_sql(self, compiler, connection):
        # Elsewhere `icontains` itself (the backends know their operators by that name).
        return IContains(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # The value is already escaped for LIKE and wrapped in % (PatternLookup.process_rhs);
        # folding leaves % and \\ as they are.
        return f"{FOLD}({lhs}) LIKE {FOLD}({rhs}) ESCAPE '\\'", (*lhs_params, *rhs_params)


CharField.register_lookup(Folded)
TextField.register_lookup(Folded)
