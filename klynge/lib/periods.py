"""Dated records, the one way.

- Versions (rulebooks, a cluster's rules): the row in force on a day is the one with the latest
  `valid_from` on or before it. `in_force(rows, on)` for rows already fetched, in any order;
  `VersionedQuerySet.in_force(on)` for one query.
- Periods (posts, affiliations): `start` and a nullable `end`; `DatedQuerySet.active(on)`.
"""

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Versioned(Protocol):
    valid_from: date


def in_force[V: Versioned](rows: Iterable[V], on: date) -> V | None:
    """The row with the latest `valid_from` on or before `on`, or None; the order of `rows` does
    not matter."""
    found: V | None = None
    for row in rows:
        if row.valid_from <= on and (found is None or row.valid_from > found.valid_from):
            found = row
    return found


class VersionedQuerySet(models.QuerySet):
    """For models with a `valid_from` date: each row holds from that day until the next row."""

    def in_force(self, on: date):
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class DatedQuerySet(models.QuerySet):
    """For models with `start` and a nullable `end` date."""

    def active(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)
