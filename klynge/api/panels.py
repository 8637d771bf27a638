"""The API's section on the secretariat's start page: where the documentation is (no query)."""

from klynge.lib.panels import Panel


def secretariat_panels(request, scheme):
    return [Panel("api/panel_secretariat.html", {}, order=90)]
