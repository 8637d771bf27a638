"""Fetching a questionnaire through its cluster, and the breadcrumbs of its pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.crumbs import cluster_crumbs
from klynge.surveys.models import Survey


def get_survey(cluster, pk) -> Survey:
    return get_object_or_404(cluster.surveys.select_related("cluster", "meeting"), pk=pk)


def crumbs(cluster, survey=None, *trail):
    items = [(_("Spørgeskemaer"), reverse("surveys:list", args=[cluster.slug]))]
    if survey is not None:
        items.append((survey.title, reverse("surveys:detail", args=[cluster.slug, survey.pk])))
    items += list(trail)
    if not trail:
        items[-1] = (items[-1][0], None)
    return cluster_crumbs(cluster, *items)
