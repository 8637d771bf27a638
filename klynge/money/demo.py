"""Demo money for `manage.py demo`: claims with receipts for held eKVIS meetings (one approved by the
eKVIS secretariat, one waiting for it), the KiAP cluster's account with an approved claim, and
budgets. Idempotent: claims are found by meeting, budgets and accounts by cluster and year."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils import timezone

from klynge.accounts.models import User
from klynge.clusters.models import ClinicAffiliation, Person
from klynge.lib.files import PDF, server_name
from klynge.lib.pdf import render_pdf
from klynge.meetings.models import Invitation, Meeting
from klynge.money import lookups, services
from klynge.money.lookups import suggestions
from klynge.money.models import Accounts, AccountsLine, Budget, BudgetLine, Claim, ExpenseLine

EKVIS_LINES = [
    [
        ("room", "Hotel Hillerød A/S", "29481736", "Leje af mødelokale 2", "2400.00"),
        (
            "catering",
            "Hotel Hillerød A/S",
            "29481736",
            "Mødeforplejning, sandwich og kaffe",
            "5500.00",
        ),
    ],
    [
        ("catering", "Cafe Vigen ApS", "38214590", "Buffet og drikkevarer", "6150.00"),
        ("speaker", "Øjenforskning Nord IVS", "41237788", "Eksternt oplæg om AMD", "4500.00"),
    ],
]
KIAP_LINES = [
    ("room", "Roskilde Kongres & Idrætscenter", "17654321", "Mødelokale", "3200.00"),
    ("catering", "Cafe Vigen ApS", "38214590", "Mødeforplejning, 28 personer", "4760.00"),
]


def load(world, stdout):
    ekvis = world.clusters["oejenklyngen-nord"]
    roskilde = world.clusters["roskilde"]
    eva = world.people["ekvis.koordinator"].user
    secretariat_ekvis = User.objects.get(email="sekretariat.ekvis@example.dk")
    secretariat_kiap = User.objects.get(email="sekretariat.plo@example.dk")

    meetings = held_with_attendance(ekvis, world)
    if claim_for(meetings[0], eva, EKVIS_LINES[0]):
        services.decide(
            meetings[0].claim, by=secretariat_ekvis, approve=True, amount=None,
            reason="Godkendt. Tak for de fine bilag.",
        )  # fmt: skip
    claim_for(meetings[1], eva, EKVIS_LINES[1])

    karen = world.people["koordinator"].user
    kiap_meetings = held_with_attendance(roskilde, world)
    if claim_for(kiap_meetings[0], karen, KIAP_LINES):
        services.decide(kiap_meetings[0].claim, by=secretariat_kiap, approve=True, amount=None)

    year = timezone.localdate().year
    accounts, created = Accounts.objects.get_or_create(
        cluster=roskilde,
        year=year - 1,
        defaults={
            "opening_balance": Decimal("18250.00"),
            "note": "Kontoudtog fra PLO's klyngesekretariat.",
        },
    )
    if created:
        # Last year's accounts reconcile with PLO's statement once the bank fee is entered.
        AccountsLine.objects.create(
            accounts=accounts, direction=AccountsLine.Direction.EXPENSE,
            date=date(year - 1, 12, 31), description="Gebyr, PLO", amount=Decimal("125.00"),
        )  # fmt: skip
        accounts.statement_balance = lookups.account_status(roskilde, year - 1).balance
        accounts.save()
    for cluster in (roskilde, ekvis):
        for budget_year in (year, year + 1):
            budget, created = Budget.objects.get_or_create(cluster=cluster, year=budget_year)
            if created:
                for kind, description, amount in suggestions(cluster, budget_year):
                    BudgetLine.objects.create(
                        budget=budget, kind=kind, description=description[:200], amount=amount,
                        suggested=True,
                    )  # fmt: skip
    stdout.write(
        "money: claims with receipts, an approved and a submitted claim, budgets, accounts"
    )


def held_with_attendance(cluster, world) -> list[Meeting]:
    """The cluster's held meetings with people marked present, oldest first; if the meetings demo
    made fewer than two, our own (found again by their distinctive titles)."""
    present = Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.PRESENT))
    found = list(
        Meeting.objects.filter(cluster=cluster, status__in=Meeting.HELD_STATUSES)
        .annotate(present=present)
        .filter(present__gt=0)
        .order_by("start")[:2]
    )
    for index, days_ago in enumerate((100, 40)[len(found) :], start=len(found)):
        found.append(own_meeting(cluster, index, days_ago))
    return found


def own_meeting(cluster, index, days_ago) -> Meeting:
    start = datetime.combine(
        timezone.localdate() - timedelta(days=days_ago), time(17, 0),
        tzinfo=timezone.get_current_timezone(),
    )  # fmt: skip
    meeting, created = Meeting.objects.get_or_create(
        cluster=cluster,
        title=f"Klyngemøde (økonomidemo {index + 1})",
        defaults={
            "start": start, "end": start + timedelta(hours=3), "venue": "Hotel Hillerød",
            "venue_type": Meeting.VenueType.OUTSIDE, "status": Meeting.Status.HELD,
        },
    )  # fmt: skip
    if created:
        people = Person.objects.members_of(cluster, start.date())
        for person in people:
            affiliation = person.affiliations.select_related("clinic").first()
            Invitation.objects.get_or_create(
                meeting=meeting, person=person,
                defaults={
                    "clinic": affiliation.clinic if affiliation else None,
                    "role": affiliation.role if affiliation else ClinicAffiliation.Role.STAFF,
                    "answer": Invitation.Answer.YES,
                    "attendance": Invitation.Attendance.PRESENT,
                },
            )  # fmt: skip
    return meeting


def claim_for(meeting, user, lines) -> bool:
    """File and submit a claim with receipts for the meeting, once. True if it was made now."""
    claim, created = Claim.objects.get_or_create(
        meeting=meeting, defaults={"cluster": meeting.cluster, "created_by": user}
    )
    if not created:
        return False
    day = timezone.localtime(meeting.start).date()
    for number, (kind, seller, cvr, item, amount) in enumerate(lines, start=1):
        receipt = render_pdf(
            "money/pdf/demo_receipt.html",
            {"seller": seller, "cvr": cvr, "address": "Demovej 1", "number": f"{claim.pk}-{number}",
             "date": day, "item": item, "amount": Decimal(amount)},
        )  # fmt: skip
        line = ExpenseLine(
            claim=claim, kind=kind, supplier=seller, supplier_cvr=cvr, date=day,
            description=item, amount=Decimal(amount), receipt_name=f"faktura-{number}.pdf",
            receipt_kind="pdf",
        )  # fmt: skip
        line.receipt.save(server_name("receipts", PDF), ContentFile(receipt), save=False)
        line.save()
    services.submit(claim, by=user)
    return True
