"""Demo data for the year (idempotent): packages, topics, activities, own tasks, a planned general
assembly with its preliminary notice, and a submitted status report for last year."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from klynge.clusters.audit import Actor
from klynge.clusters.models import Region, Scheme
from klynge.meetings.models import Meeting
from klynge.year import report, services, wheel
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    Package,
    PackageOrder,
    PlannedTopic,
    StatusReport,
    Task,
    WheelMark,
)

PACKAGES = [
    # (provider: scheme code or region code, title, data package, description, url)
    (
        "kiap",
        "KOL i almen praksis",
        False,
        "Data og refleksionsspørgsmål om opsporing og behandling af KOL.",
        "",
    ),
    (
        "kiap",
        "Rationel antibiotikabehandling",
        True,
        "Klinikkernes egne ordinationsdata sammenlignet med klyngens.",
        "",
    ),
    ("kiap", "Polyfarmaci hos ældre", False, "Gennemgang af medicinlister og seponering.", ""),
    (
        "sjaelland",
        "Opioider II – Undgå den næste langtidsbruger",
        True,
        "KAP-S' pakke om opioider. Kræver ydernumre og samtykke til dataudtræk 60 dage før mødet.",
        "https://kap-s.dk/klyngepakke/opioider-ii-undgaa-den-naeste-langtidsbruger/",
    ),
    (
        "sjaelland",
        "Urinvejsinfektioner hos ældre",
        False,
        "KAP-S' pakke om UVI hos ældre.",
        "https://kap-s.dk/klyngepakke/urinvejsinfektioner-hos-aeldre/",
    ),
    (
        "ekvis",
        "Glaukom: opfølgning og kontrolintervaller",
        True,
        "Specialespecifik pakke med data fra klinikkerne.",
        "",
    ),
    ("ekvis", "Fælles audit af henvisninger", False, "Audit-skabelon og refleksionsspørgsmål.", ""),
]


def load(world, stdout):
    today = timezone.localdate()
    schemes = {s.code: s for s in Scheme.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    packages = {}
    for provider, title, data, description, url in PACKAGES:
        owner = (
            {"provider_scheme": schemes[provider]}
            if provider in schemes
            else {"provider_region": regions[provider]}
        )
        packages[title], _ = Package.objects.get_or_create(
            title=title,
            defaults={"is_data_package": data, "description": description, "url": url, **owner},
        )
    for slug in ("roskilde", "oejenklyngen-nord"):
        cluster = world.clusters.get(slug)
        if cluster is not None:
            load_cluster(cluster, today, packages)
    roskilde = world.clusters.get("roskilde")
    if roskilde is not None:
        submit_last_year(roskilde, today)
    stdout.write("year: wheel, assembly, packages, topics, activities and a status report loaded")


def load_cluster(cluster, today, packages):
    specialist = cluster.scheme.is_specialist
    for offset, title in (
        (10, "Book lokale og forplejning til næste møde"),
        (40, "Aftal oplægsholder til efterårsmødet"),
        (-5, "Send påmindelse om samtykker"),
    ):
        Task.objects.get_or_create(
            cluster=cluster, title=title, defaults={"due": today + timedelta(days=offset)}
        )
    if not specialist:
        WheelMark.objects.get_or_create(cluster=cluster, key=f"ydernumre:{today.year}")
    load_assembly(cluster, today)
    load_topics_and_order(cluster, today, packages)
    load_activities(cluster, today)
    # A coordinator who keeps up: what was due more than two weeks ago is ticked off.
    for item in wheel.items_for(cluster, today.year):
        if item.manual and not item.done and item.due < today - timedelta(days=14):
            WheelMark.objects.get_or_create(cluster=cluster, key=item.key)


def load_assembly(cluster, today):
    """The general assembly in March next year, with the preliminary notice sent."""
    specialist = cluster.scheme.is_specialist
    tz = timezone.get_current_timezone()
    year = today.year + 1
    meeting = Meeting.objects.filter(
        cluster=cluster, kind=Meeting.Kind.ASSEMBLY, start__year=year
    ).first()
    if meeting is None:
        assembly = services.create_assembly(
            cluster,
            start=datetime.combine(date(year, 3, 17), time(17, 0), tz),
            venue="Kulturhuset, mødelokale 2" if not specialist else "Hotel Hillerød",
            address="Algade 10" if not specialist else "Milnersvej 41",
            proposals_deadline=date(year, 2, 24),
            by=Actor.system("demo"),
        )
    else:
        assembly = Assembly.objects.get(meeting=meeting)
    if assembly.preliminary_sent_at is None:
        assembly.preliminary_sent_at = timezone.now()
        assembly._change_reason = "Foreløbig indkaldelse sendt (demo)"
        assembly.save()


def load_topics_and_order(cluster, today, packages):
    """Topics, with a revisit of last year's topic, and a package ordered for the next meeting."""
    specialist = cluster.scheme.is_specialist
    first, _ = PlannedTopic.objects.get_or_create(
        cluster=cluster,
        year=today.year - 1,
        title="Glaukom: kontrolintervaller" if specialist else "KOL: opsporing og spirometri",
        defaults={
            "month": 9,
            "status": PlannedTopic.Status.DONE,
            "notes": "Aftale: alle klinikker gennemgår deres kontrolforløb.",
        },
    )
    PlannedTopic.objects.get_or_create(
        cluster=cluster,
        year=today.year,
        title="Genbesøg: " + first.title,
        defaults={"month": 5, "revisit_of": first, "notes": "Hvordan gik det med aftalerne?"},
    )
    upcoming = (
        Meeting.objects.filter(
            cluster=cluster, kind=Meeting.Kind.CLUSTER, start__gte=timezone.now()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start")
        .first()
    )
    title = (
        "Glaukom: opfølgning og kontrolintervaller"
        if specialist
        else "Opioider II – Undgå den næste langtidsbruger"
    )
    if not PackageOrder.objects.filter(cluster=cluster, package=packages[title]).exists():
        PackageOrder.objects.create(
            cluster=cluster, package=packages[title], meeting=upcoming, note="Bestilt i demoen"
        )


def load_activities(cluster, today):
    specialist = cluster.scheme.is_specialist
    activities = [
        (
            today.replace(day=1) - timedelta(days=60),
            ExternalActivity.Kind.HOSPITAL,
            "Nordsjællands Hospital, øjenafdelingen"
            if specialist
            else "Sjællands Universitetshospital",
            "Dialog om henvisninger og udskrivelser",
        ),
        (
            today.replace(day=1) - timedelta(days=200),
            ExternalActivity.Kind.REGION,
            "Region, praksisafdelingen",
            "Møde om samarbejde med klyngerne",
        ),
    ]
    if specialist:
        activities.append(
            (
                date(today.year - 1, 11, 7),
                ExternalActivity.Kind.EKVIS_MEETING,
                "eKVIS",
                "Koordinatortræf",
            )
        )
    else:
        activities.append(
            (
                date(today.year - 1, 10, 3),
                ExternalActivity.Kind.MUNICIPALITY,
                "Roskilde Kommune",
                "Sundhedsaftale og forebyggelse",
            )
        )
    for day, kind, counterpart, description in activities:
        ExternalActivity.objects.get_or_create(
            cluster=cluster,
            date=day,
            kind=kind,
            counterpart=counterpart,
            defaults={"description": description},
        )


def submit_last_year(cluster, today):
    year = today.year - 1
    status, created = StatusReport.objects.get_or_create(cluster=cluster, year=year)
    if status.is_submitted:
        return
    status.answers = {
        "refleksion": "Et godt år: møderne om KOL gav konkrete aftaler i alle klinikker.",
        "planer": "Genbesøg af KOL-aftalerne og en datapakke om opioider.",
    }
    status.figures = report.compute(cluster, year)
    status.status = StatusReport.Status.SUBMITTED
    status.submitted_at = timezone.now()
    status.save()
