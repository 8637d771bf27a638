"""Klynge's URLs plus the floor: a view that returns "ok" behind the same middleware and login.

Only the benchmark's server uses this module (klynge.hub.bench.settings); the site never has it.
"""

from django.http import HttpResponse
from django.urls import path

from klynge.clusters.access import authenticated
from klynge.urls import urlpatterns as klynge_urlpatterns


@authenticated
def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *klynge_urlpatterns]
