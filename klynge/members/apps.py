from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "klynge.members"
    verbose_name = _("Medlemmer")
    label = "members"
