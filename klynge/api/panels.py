"""The API's section on the secretariat's start page: where the documentation is."""

from klynge.api.models import ApiToken
from klynge.lib.panels import Panel


def secretariat_panels(request, scheme):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).count()
    return [Panel("api/panel_secretariat.html", {"tokens": tokens}, order=90)]
