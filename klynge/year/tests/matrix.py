"""URL parameters of the year app, with values inside world.cluster_a (for the access matrix)."""

from datetime import date, datetime, timedelta

from django.utils import timezone


def _assembly(world, kwargs):
    from klynge.year import services

    start = timezone.now() + timedelta(days=40)
    return services.create_assembly(
        world.cluster_a,
        start=start,
        venue="Lægehuset",
        address="",
        proposals_deadline=None,
        by=None,
    ).pk


def _task(world, kwargs):
    from klynge.year.models import Task

    return Task.objects.create(cluster=world.cluster_a, title="Book lokale", due=date.today()).pk


def _topic(world, kwargs):
    from klynge.year.models import PlannedTopic

    return PlannedTopic.objects.create(
        cluster=world.cluster_a, year=date.today().year, title="KOL"
    ).pk


def _package(world, kwargs):
    from klynge.year.models import Package

    return Package.objects.create(title="Opioider", provider_region=world.region).pk


def _order(world, kwargs):
    from klynge.year.models import Package, PackageOrder

    package = Package.objects.create(title="Antibiotika", provider_scheme=world.kiap)
    return PackageOrder.objects.create(cluster=world.cluster_a, package=package).pk


def _activity(world, kwargs):
    from klynge.year.models import ExternalActivity

    return ExternalActivity.objects.create(
        cluster=world.cluster_a, date=date.today(), kind="municipality", counterpart="Roskilde"
    ).pk


def _token(world, kwargs):
    from klynge.year.services import ensure_calendar_token

    return ensure_calendar_token(world.users["coordinator"])


URL_KWARGS = {
    "wheel_year": lambda world, kwargs: datetime.now().year,
    "report_year": lambda world, kwargs: datetime.now().year - 1,
    "assembly": _assembly,
    "year_task": _task,
    "plan_topic": _topic,
    "catalogue_package": _package,
    "package_order": _order,
    "provider_order": _order,
    "external_activity": _activity,
    "calendar_token": _token,
}
