from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearConfig(AppConfig):
    name = "klynge.year"
    verbose_name = _("Året")
    label = "year"
