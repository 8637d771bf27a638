"""Numbers over a whole queryset, as subqueries a larger query carries.

`over_all(queryset, aggregate)` names no row of the outer query, so the database computes it once
however many rows the outer query has: a page's rows can carry the totals of everything they are
a page of, in the page's one query (the claims inbox), and a scheme's row the counts of every
panel (klynge/lib/panels.py).
"""

from django.db.models import Count, QuerySet, Subquery, Value


def over_all(queryset: QuerySet, aggregate) -> Subquery:
    """`aggregate` (Count, Sum… with or without `filter`) over every row of `queryset`: one row,
    no GROUP BY (the rows are grouped by a constant, which Django leaves out)."""
    whole = queryset.order_by().values(whole=Value(1))
    return Subquery(whole.annotate(value=aggregate).values("value"))


def counted(queryset: QuerySet) -> Subquery:
    """The rows of `queryset` counted."""
    return over_all(queryset, Count("pk"))
