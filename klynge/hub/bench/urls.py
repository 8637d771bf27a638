"""Klynge's URLs plus the floor: a view that returns "ok" behind the same middleware and login,
and the empty page: Klynge's layout (header, menu, footer) around nothing, what every page costs
before its own content.

Only the benchmark's server uses this module (klynge.hub.bench.settings); the site never has it.
"""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from klynge.clusters.access import authenticated
from klynge.urls import urlpatterns as klynge_urlpatterns


@authenticated
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


EMPTY = '{% extends "base.html" %}{% block title %}Tom side{% endblock %}'


@cache
def empty_template():
    return engines["django"].from_string(EMPTY)  # compiled once, as the cached loader does


@authenticated
def empty(request):
    return HttpResponse(empty_template().render({}, request))


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/empty/", empty, name="bench_empty"),
    *klynge_urlpatterns,
]
