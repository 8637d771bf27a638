from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Short questionnaires for a self-chosen topic, answered through personal links."""

    name = "klynge.surveys"
    label = "surveys"
    verbose_name = _("Spørgeskemaer")
