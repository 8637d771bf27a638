from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "klynge.desk"
    verbose_name = _("Sekretariatets skrivebord")
    label = "desk"
