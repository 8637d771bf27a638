from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "klynge.events"
    verbose_name = _("Arrangementer for koordinatorer")
    label = "events"
