"""The record of processing (GDPR art. 30) and the retention rule of each record type: written
here once, shown on the page "Behandlingsoversigt" and applied by the nightly job (jobs.py)."""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from klynge.privacy import rules


@dataclass(frozen=True)
class Retention:
    code: str
    record: str
    kept: str
    action: str


def _text(template, **values):
    return str(template) % values


text = lazy(_text, str)

RETENTION = [
    Retention(
        "people",
        _("Personer, der har forladt alle klinikker i alle klynger og ikke har en post"),
        text(
            _(
                "%(years)d år efter sidste dag i en klinik eller post; personer med honorarer "
                "eller refusioner dog til %(books)d år efter udgangen af det regnskabsår, "
                "beløbet hører til (bogføringsloven § 10)."
            ),
            years=rules.INACTIVE_YEARS,
            books=rules.BOOKKEEPING_YEARS,
        ),
        _(
            "Personen pseudonymiseres: navnet bliver »Tidligere medlem« og et nummer, e-mail, "
            "telefon, login og fritekst i afbud slettes. Beløb, datoer og fremmøde bevares, så "
            "regnskaberne stadig går op."
        ),
    ),
    Retention(
        "answer_links",
        _("Svarlinks i invitationer og datoafstemninger"),
        _("Gemmes ikke: linket er underskrevet og holder op med at virke efter 400 dage."),
        _("Intet at slette."),
    ),
    Retention(
        "self_service",
        _("Selvbetjeningslinks til klinikker"),
        text(
            _("%(days)d dage efter at linket er udløbet eller tilbagekaldt."),
            days=rules.SELF_SERVICE_DAYS_AFTER_EXPIRY,
        ),
        _("Linket og den adresse, det blev sendt til, slettes."),
    ),
    Retention(
        "outbox",
        _("E-mails i udbakken"),
        text(_("%(months)d måneder efter afsendelsen."), months=rules.OUTBOX_MONTHS),
        _(
            "E-mailens indhold og modtager slettes; at der blev sendt en e-mail (uden adresse), "
            "bevares, så den ikke sendes igen."
        ),
    ),
    Retention(
        "materials",
        _("Uploadede mødematerialer"),
        text(_("%(years)d år efter mødet."), years=rules.MATERIAL_YEARS),
        _("Filen slettes."),
    ),
    Retention(
        "access_log",
        _("Adgangslog (hvem slog hvis oplysninger op)"),
        text(_("%(years)d år efter opslaget."), years=rules.ACCESS_LOG_YEARS),
        _("Rækken slettes."),
    ),
    Retention(
        "history",
        _("Ændringshistorik"),
        text(
            _("%(years)d år efter udgangen af det år, ændringen blev foretaget."),
            years=rules.HISTORY_YEARS,
        ),
        _("Rækken slettes; den nuværende værdi bevares."),
    ),
]


@dataclass(frozen=True)
class Processing:
    purpose: str
    subjects: str
    data: str
    recipients: str
    basis: str


PROCESSING = [
    Processing(
        _("Klyngens medlemsliste og poster"),
        _("Læger og klinikpersonale i medlemsklinikker; koordinatorer og bestyrelse"),
        _("Navn, e-mail, telefon, klinik, ydernummer, rolle og datoer"),
        _("Klyngens koordinator og bestyrelse; sekretariatet for ordningen"),
        _("GDPR art. 6, stk. 1, litra c og f (overenskomstens krav om klyngedeltagelse)"),
    ),
    Processing(
        _("Møder: indkaldelse, svar, fremmøde og referat"),
        _("Medlemmer og gæster"),
        _("Svar, begrundelse for afbud, fremmøde"),
        _("Klyngens koordinator og bestyrelse; sekretariatet ved deltagerlister"),
        _("GDPR art. 6, stk. 1, litra f"),
    ),
    Processing(
        _("Refusioner, honorarer, budget og regnskab"),
        _("Koordinatorer, bestyrelse og de, der søger refusion"),
        _("Navn, beløb, bilag og udbetalingsdatoer"),
        _("Sekretariatet for ordningen; revisor"),
        _("GDPR art. 6, stk. 1, litra c (bogføringsloven)"),
    ),
    Processing(
        _("Samtykke til dataudtræk (klyngepakker)"),
        _("Medlemmer"),
        _("Dato for samtykke og tilbagetrækning"),
        _("Klyngens koordinator; leverandøren af datapakken"),
        _("GDPR art. 6, stk. 1, litra a"),
    ),
    Processing(
        _("Adgangslog og ændringshistorik"),
        _("Alle, hvis oplysninger slås op eller ændres"),
        _("Tidspunkt, formål, rolle, hvad der blev ændret"),
        _("Personen selv (indsigt); sekretariatet; administrator"),
        _("GDPR art. 5, stk. 2, og art. 32"),
    ),
]
