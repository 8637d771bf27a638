"""The two schemes, their rulebook versions, and the five regions with their quality units.

Sources (stored copies, see shared/research/domain.md):
- eKVIS rates, meetings and speaker cap: https://ekvis.dk/kvalitetsklynger/klyngekoordinator and
  https://ekvis.dk/kvalitetsklynger/rammer-klyngerne (500 kr / 750 kr "ude i byen" per specialist
  per meeting, at most 4 meetings a calendar year; external talks up to 10,000 kr a year; 2-4
  meetings). Clusters were set up in early summer 2022 (ekvis.dk/kvalitetsklynger/etablering-af-klynger).
- eKVIS coordinator honorarium 50,000 kr for 1 April - 31 March: the eKVIS seed text (unverified).
- KiAP/PLO income per listed group-1 patient, paid 1 March: 2022 1.12 kr, 2023 2.32 kr, 2024 3.55 kr,
  2025 3.65 kr; ydernumre checked by end of January; PLO's recommended hourly rate 1,072.02 kr from
  1 October 2024 (https://kiap.dk/kiap/klynge/klyngekoordinator/hjaelp/klyngeadministration.php).
- Data packages need members' consent 60 days before the meeting (https://kap-s.dk/klyngepakke/opioider/).
- Regional quality units: KAP-H, KAP-S, SydKIP, Kvalitet og Lægemidler/MidtKraft, Nord-KAP
  (domain.md §4; the notice addresses are placeholders to be edited by a site admin).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

REGIONS = [
    ("hovedstaden", "Hovedstaden", "KAP-H", "kap-h@example.dk"),
    ("sjaelland", "Sjælland", "KAP-S", "kap-s@example.dk"),
    ("syddanmark", "Syddanmark", "SydKIP", "sydkip@example.dk"),
    ("midtjylland", "Midtjylland", "Kvalitet og Lægemidler / MidtKraft", "midtkraft@example.dk"),
    ("nordjylland", "Nordjylland", "Nord-KAP", "nord-kap@example.dk"),
]

KIAP_INCOME = [
    (date(2022, 1, 1), Decimal("1.12"), None),
    (date(2023, 1, 1), Decimal("2.32"), None),
    (date(2024, 1, 1), Decimal("3.55"), None),
    (date(2024, 10, 1), Decimal("3.55"), Decimal("1072.02")),
    (date(2025, 1, 1), Decimal("3.65"), Decimal("1072.02")),
]


def load(apps, schema_editor):
    db = schema_editor.connection.alias if schema_editor else "default"
    Scheme = apps.get_model("clusters", "Scheme")._default_manager.db_manager(db)
    RulebookVersion = apps.get_model("clusters", "RulebookVersion")._default_manager.db_manager(db)
    Region = apps.get_model("clusters", "Region")._default_manager.db_manager(db)

    for code, name, unit, email in REGIONS:
        Region.update_or_create(
            code=code, defaults={"name": name, "unit_name": unit, "notice_email": email}
        )

    ekvis, _ = Scheme.update_or_create(
        code="ekvis",
        defaults={
            "name": "eKVIS",
            "kind": "specialist",
            "secretariat_email": "ekvis@dadl.dk",
        },
    )
    RulebookVersion.update_or_create(
        scheme=ekvis,
        valid_from=date(2022, 6, 1),
        defaults={
            "source": "ekvis.dk/kvalitetsklynger/klyngekoordinator; rammer-klyngerne; eKVIS seed",
            "meetings_min": 2,
            "meetings_max": 4,
            "catering_rate": Decimal("500.00"),
            "catering_rate_outside": Decimal("750.00"),
            "refundable_meetings_per_year": 4,
            "speaker_cap_per_year": Decimal("10000.00"),
            "coordinator_honorarium": Decimal("50000.00"),
            "honorarium_period_start_month": 4,
            "status_report_due": date(2000, 1, 31),
            "assembly_notice_days": 14,
            "data_package_consent_days": 60,
        },
    )

    kiap, _ = Scheme.update_or_create(
        code="kiap",
        defaults={
            "name": "KiAP / PLO",
            "kind": "general",
            "secretariat_email": "klyngesekretariat.plo@dadl.dk",
        },
    )
    for valid_from, income, hourly in KIAP_INCOME:
        RulebookVersion.update_or_create(
            scheme=kiap,
            valid_from=valid_from,
            defaults={
                "source": "kiap.dk/kiap/klynge/klyngekoordinator/hjaelp/klyngeadministration.php",
                "meetings_min": 2,
                "meetings_max": 4,
                "income_per_listed_patient": income,
                "hourly_fee": hourly,
                "honorarium_period_start_month": 4,
                "status_report_due": date(2000, 1, 31),
                "ydernummer_check_due": date(2000, 1, 31),
                "assembly_notice_days": 14,
                "data_package_consent_days": 60,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("clusters", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
