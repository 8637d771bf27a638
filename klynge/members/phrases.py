"""What the member services write into the database in Danish and pages show in the reader's
language (klynge.lib.phrases): follow-up tasks, notes on membership events, history reasons."""

from django.utils.translation import gettext_noop

from klynge.lib.phrases import phrase

FOLLOW_UP_STATUS = phrase(gettext_noop("Afklar status for %(clinic)s (ydernummer %(number)s)"))
NOTICE_SENT = phrase(gettext_noop("Sendt til %(unit)s (%(email)s)."))
LINK_SENT = phrase(gettext_noop("Link sendt til %(email)s, gyldigt i %(days)d dage."))
IMPORTED = phrase(gettext_noop("Import af %(file)s"))
REGISTER_NOTE = phrase(gettext_noop("Registreret hos KiAP (tjek af KiAP's register)"))
REGISTER_REASON = phrase(gettext_noop("Tjek af KiAP's register"))
