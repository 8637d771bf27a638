from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """Pages that gather what the apps contribute (dashboard, cluster page, start pages), and the
    commands that fill the whole system (demo, bench). Views only: no models of its own."""

    name = "klynge.hub"
    verbose_name = _("Overblik")
    label = "hub"
