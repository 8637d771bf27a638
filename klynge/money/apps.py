from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    name = "klynge.money"
    verbose_name = _("Økonomi")
    label = "money"
