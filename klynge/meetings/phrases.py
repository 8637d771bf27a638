"""What the meetings' services write into the database in Danish and pages show in the reader's
language (klynge.lib.phrases)."""

from django.utils.translation import gettext_noop

from klynge.lib.phrases import phrase

# The first item of every new meeting's agenda: the open follow-ups from the meetings before.
FOLLOWUP_TITLE = phrase(gettext_noop("Opfølgning fra sidste møde"))
