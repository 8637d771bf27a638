"""The desk's sections on the secretariat's start page."""

from klynge.lib.panels import Panel


def secretariat_panels(request, scheme):
    return [Panel("desk/panel_secretariat.html", {"scheme": scheme}, order=5)]
