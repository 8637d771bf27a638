"""The status report forms as the schemes' secretariats start them; they edit them in Klynge.

eKVIS: "Klyngekoordinatoren skal hvert år i januar aflevere en status over klyngens arbejde i det
forgangne år. eKVIS udarbejder et skema" (eKVIS seed; the form's questions are not published).
KiAP: "Udfylde spørgeskema fra KiAP om klyngens aktivitet (modtages i januar)" (KiAP opgaveliste;
its questions are not published either). The sections below are Klynge's proposal.
"""

from django.db import migrations

COMMON = [
    ("moeder", "Afholdte møder", "meetings", "Dato, fagligt emne, klyngepakker og mødeform."),
    ("fremmoede", "Fremmøde", "attendance", "Inviterede, fremmødte og afbud pr. møde."),
    ("klinikker", "Fremmøde pr. klinik", "clinics", ""),
    ("beslutninger", "Beslutninger og opfølgning", "decisions", ""),
    ("generalforsamling", "Generalforsamling", "assembly", ""),
    ("eksterne", "Samarbejde udadtil", "activities", "Kommune, region, sygehuse og andre klynger."),
]
EKVIS = COMMON + [
    ("refleksion", "Refleksion over årets kvalitetsarbejde", "text",
     "Hvad har klyngen lært, og hvad har virket godt eller mindre godt?"),
    ("planer", "Planer for det kommende år", "text", "Emner, pakker og genbesøg af tidligere emner."),
    ("ekvis", "Ønsker og forslag til eKVIS", "text", ""),
]
KIAP = COMMON + [
    ("refleksion", "Hvordan er det gået med klyngens arbejde?", "text",
     "Fx klyngens dynamik, emner der har fungeret, udfordringer."),
    ("planer", "Planer for det kommende år", "text", ""),
    ("kiap", "Behov for støtte fra KiAP eller den regionale kvalitetsenhed", "text", ""),
]


def load(apps, schema_editor):
    db = schema_editor.connection.alias if schema_editor else "default"
    Scheme = apps.get_model("clusters", "Scheme")._default_manager.db_manager(db)
    ReportSection = apps.get_model("year", "ReportSection")._default_manager.db_manager(db)
    for code, sections in (("ekvis", EKVIS), ("kiap", KIAP)):
        scheme = Scheme.filter(code=code).first()
        if scheme is None:
            continue
        for order, (key, title, source, help_text) in enumerate(sections, start=1):
            ReportSection.get_or_create(
                scheme=scheme,
                key=key,
                defaults={
                    "title": title,
                    "source": source,
                    "help_text": help_text,
                    "order": order * 10,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("year", "0001_initial"), ("clusters", "0003_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
