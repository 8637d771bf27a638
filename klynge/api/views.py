"""The API's schema (OpenAPI 3, JSON) and its documentation page; both are open to all, as they
hold no data, only the description of the endpoints."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from klynge.api.docs import endpoints
from klynge.api.endpoints import api
from klynge.clusters.access import public

PREFIX = "/api/v1/"


def openapi() -> dict:
    """The schema as JSON sees it (status codes as strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), cls=DjangoJSONEncoder))


@public
def schema(request):
    return JsonResponse(openapi(), json_dumps_params={"ensure_ascii": False, "indent": 2})


@public
def docs(request):
    spec = openapi()
    return render(
        request,
        "api/docs.html",
        {
            "spec": spec,
            "endpoints": endpoints(spec),
            "breadcrumbs": [(_("Overblik"), "/"), (_("API"), None)],
        },
    )
