"""/api/v1/: the endpoints (django-ninja's views, each marked with the API's access policy), the
OpenAPI schema and the documentation page."""

from django.urls import path

from klynge.api import views
from klynge.api.endpoints import api
from klynge.clusters.access import api_view

app_name = "api"

# ninja's own root pattern (/api/v1/ itself, a 404 without its docs) is left out.
_patterns = [pattern for pattern in api.urls[0] if pattern.name != "api-root"]
for _pattern in _patterns:
    api_view(_pattern.callback)

urlpatterns = [
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
    *_patterns,
]
