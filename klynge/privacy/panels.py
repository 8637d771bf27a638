"""Links to a person's own data on the profile, and to access requests on the secretariat's page."""

from klynge.lib.panels import Panel


def profile_panels(request, person):
    return [Panel("privacy/panel_profile.html", {"person": person}, order=90)]


def secretariat_panels(request, scheme):
    return [Panel("privacy/panel_secretariat.html", {"scheme": scheme}, order=90)]
