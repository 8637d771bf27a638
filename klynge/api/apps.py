from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "klynge.api"
    verbose_name = _("API til sekretariaternes systemer")
    label = "api"
