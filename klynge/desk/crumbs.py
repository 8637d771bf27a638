"""Breadcrumbs of the secretariat's desk pages."""

from django.urls import reverse
from django.utils.translation import gettext as _


def start_crumbs(request, scheme):
    if request.user.secretariat_of_id == scheme.pk:
        return [(_("Overblik"), "/"), (_("Sekretariat"), reverse("secretariat:home"))]
    return [(_("Overblik"), "/")]
