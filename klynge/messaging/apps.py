from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """The cluster's correspondence: messages to members and the address book of outside contacts.

    Labelled "messaging" because Django's own messages framework has the label "messages"."""

    name = "klynge.messaging"
    label = "messaging"
    verbose_name = _("Beskeder og kontakter")
