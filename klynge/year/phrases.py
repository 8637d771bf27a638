"""What the year's services write into the database in Danish and pages show in the reader's
language (klynge.lib.phrases): the standard assembly agenda, the assembly's title and the reasons
in the history of assemblies, posts, handovers and status reports."""

from django.utils.translation import gettext_noop

from klynge.lib.phrases import phrase

# The standard agenda of a general assembly, line by line.
AGENDA_CHAIR = phrase(gettext_noop("Valg af dirigent og referent"))
AGENDA_REPORT = phrase(gettext_noop("Koordinatorens beretning"))
AGENDA_ACCOUNTS = phrase(gettext_noop("Regnskab for det forløbne år"))
AGENDA_BUDGET = phrase(gettext_noop("Budget for det kommende år"))
AGENDA_PROPOSALS = phrase(gettext_noop("Indkomne forslag"))
AGENDA_ELECTIONS = phrase(gettext_noop("Valg af koordinator, bestyrelse og revisor"))
AGENDA_HONORARIA = phrase(gettext_noop("Honorarer til koordinator og bestyrelse"))
AGENDA_RULES = phrase(gettext_noop("Mødefrekvens og klyngens regler"))
AGENDA_MEETINGS = phrase(gettext_noop("Kommende møder og faglige emner"))
AGENDA_ANY_OTHER = phrase(gettext_noop("Eventuelt"))
AGENDA_ELECTION = phrase(gettext_noop("Valg: %(post)s (%(name)s er valgt til %(date)s)"))
ASSEMBLY_TITLE = phrase(gettext_noop("Generalforsamling %(year)d"))

# Reasons in the history.
PRELIMINARY_SENT = phrase(gettext_noop("Foreløbig indkaldelse sendt til %(n)d medlemmer"))
FINAL_SENT = phrase(gettext_noop("Endelig indkaldelse sendt %(left)d dage før"))
FINAL_SENT_LATE = phrase(
    gettext_noop("Endelig indkaldelse sendt %(left)d dage før (for sent). Begrundelse: %(reason)s")
)
MINUTES_APPROVED = phrase(gettext_noop("Referat godkendt"))
MINUTES_SAVED = phrase(gettext_noop("Referat gemt"))
ASSEMBLY_CHANGED = phrase(gettext_noop("Dato, sted eller dagsorden ændret"))
ELECTED = phrase(gettext_noop("Valgt på %(assembly)s"))
REELECTED = phrase(gettext_noop("Genvalgt på %(assembly)s"))
REPLACED = phrase(gettext_noop("Afløst efter %(assembly)s"))
HANDED_OVER = phrase(gettext_noop("Overdraget til %(name)s"))
TAKEN_OVER = phrase(gettext_noop("Overtaget fra %(name)s"))
HANDOVER_UNDONE = phrase(gettext_noop("Overdragelse fortrudt"))
UNDONE = phrase(gettext_noop("Fortrudt"))
DIRECTORY_GIVEN = phrase(gettext_noop("Samtykke til offentlig oversigt givet"))
DIRECTORY_WITHDRAWN = phrase(gettext_noop("Samtykke til offentlig oversigt trukket tilbage"))
PASS_ON_GIVEN = phrase(gettext_noop("Samtykke til videregivelse givet"))
PASS_ON_WITHDRAWN = phrase(gettext_noop("Samtykke til videregivelse trukket tilbage"))
REPORT_DRAFT_SAVED = phrase(gettext_noop("Kladde gemt"))
REPORT_SUBMITTED = phrase(gettext_noop("Indsendt til sekretariatet"))
REPORT_REOPENED = phrase(gettext_noop("Genåbnet af sekretariatet: %(reason)s"))
