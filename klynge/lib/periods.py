"""Dated records (posts, affiliations): in force on a day when start <= day and no end or end >= day."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone


class DatedQuerySet(models.QuerySet):
    """For models with `start` and a nullable `end` date."""

    def active(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on)
