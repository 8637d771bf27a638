"""What the privacy services write into the history in Danish, shown in the reader's language."""

from django.utils.translation import gettext_noop

from klynge.lib.phrases import phrase

RETENTION_EXPIRED = phrase(gettext_noop("Opbevaringsperioden er udløbet."))
