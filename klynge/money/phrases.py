"""What the money services write into the database in Danish and pages show in the reader's
language (klynge.lib.phrases): the descriptions of suggested budget lines, and history reasons."""

from django.utils.translation import gettext_noop

from klynge.lib.phrases import phrase

BUDGET_CATERING_SPECIALIST = phrase(
    gettext_noop("Lokale og forplejning: %(n)d møder à op til %(people)d speciallæger")
)
BUDGET_SPEAKERS = phrase(gettext_noop("Eksterne oplæg, transport og andet (årets pulje)"))
BUDGET_INCOME = phrase(gettext_noop("%(n)s tilmeldte gruppe 1-patienter (%(basis)d) × %(rate)s"))
BUDGET_ROOMS = phrase(gettext_noop("Lokaler"))
BUDGET_CATERING = phrase(gettext_noop("Forplejning"))
BUDGET_LAST_YEAR = phrase(gettext_noop("%(label)s: %(n)d møder à %(each)s (sidste års gennemsnit)"))
BUDGET_HONORARIA = phrase(
    gettext_noop("Koordinator og bestyrelse efter generalforsamlingens beslutning")
)
STATEMENT_IMPORTED = phrase(gettext_noop("Kontoudtog indlæst"))
STATEMENT_MATCHED = phrase(gettext_noop("Kontoudtog afstemt i hånden"))
