"""Demo sample files for the KiAP coordinator (published as KiAP guides, so they are a download
away on the dashboard): KiAP's list of Roskilde's ydernumre with differences both ways, and PLO's
account statement for this year built from the demo's approved claims and honoraria."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from klynge.clusters.audit import Actor
from klynge.clusters.models import Clinic
from klynge.desk import services
from klynge.lib import files, tables
from klynge.money import lookups, rules
from klynge.money.models import Claim, HonorariumPayment

REGISTER = "Eksempel: KiAP's liste over ydernumre (Kvalitetsklyngen Roskilde)"
STATEMENT = "Eksempel: PLO's kontoudtog %(year)d (Kvalitetsklyngen Roskilde)"


def load(world, stdout):
    cluster = world.clusters.get("roskilde")
    if cluster is None or cluster.scheme.is_specialist:
        return
    today = timezone.localdate()
    made = 0
    if not cluster.scheme.guides.filter(title=REGISTER).exists():
        publish(cluster.scheme, REGISTER, register_table(cluster, today))
        made += 1
    title = STATEMENT % {"year": today.year}
    if not cluster.scheme.guides.filter(title=title).exists():
        publish(cluster.scheme, title, statement_table(cluster, today))
        made += 1
    stdout.write(f"Desk: {made} sample files for the KiAP register check and statement import.")


def publish(scheme, title, table):
    content = ContentFile(tables.xlsx_bytes(table), name=f"{title}.xlsx")
    services.publish_guide(
        scheme,
        content,
        files.XLSX,
        by=Actor.system("demo"),
        title=title,
        category="other",
        version_date=timezone.localdate(),
        description="Demo: upload filen under »Tjek KiAP's register« eller »Indlæs PLO's kontoudtog«.",
    )


def register_table(cluster, today):
    """Today's members less the last two (only in Klynge), plus a clinic of another cluster and an
    ydernummer Klynge does not know (only at KiAP)."""
    ours = list(
        Clinic.objects.active_in(cluster, today)
        .order_by("ydernummer")
        .values_list("ydernummer", "name")
    )
    rows = [list(row) for row in ours[:-2]]
    other = (
        Clinic.objects.exclude(pk__in=Clinic.objects.active_in(cluster, today))
        .order_by("ydernummer")
        .first()
    )
    if other is not None:
        rows.append([other.ydernummer, other.name])
    rows.append(["099999", "Lægerne Ukendtvej"])
    columns = [tables.Column("Ydernummer", tables.CODE), "Klinik"]
    return tables.Table(columns, rows, sheet="Min Klynge")


def statement_table(cluster, today):
    """The grant on 1 March, the approved claims and honoraria paid this year, and a bank fee."""
    year = today.year
    opening = lookups.carried_over(cluster, year)
    rate = cluster.rulebook_on(date(year, 3, 1)).income_per_listed_patient
    grant = rules.kiap_income([lookups.listed_patients(cluster, year)], rate)
    entries = [(min(date(year, 3, 1), today), f"Tilskud kvalitetsklyngemidler {year}", grant)]
    for claim in (
        Claim.objects.approved()
        .filter(cluster=cluster, decided_at__year=year)
        .select_related("meeting")
    ):
        day = timezone.localtime(claim.decided_at).date()
        entries.append((day, f"Refusion: {claim.meeting.title}", -claim.approved_amount))
    for payment in HonorariumPayment.objects.filter(
        cluster=cluster, paid_at__year=year
    ).select_related("person"):
        entries.append(
            (
                timezone.localtime(payment.paid_at).date(),
                f"Honorar {payment.person.name}",
                -payment.amount,
            )
        )
    entries.append((min(date(year, 6, 30), today), "Gebyr, PLO", Decimal("-125.00")))
    rows, balance = [], opening
    for day, text, amount in sorted(entries, key=lambda entry: entry[0]):
        balance += amount
        rows.append([day, text, amount, balance])
    return tables.Table(["Dato", "Tekst", "Beløb", "Saldo"], rows, sheet="Kontoudtog")
