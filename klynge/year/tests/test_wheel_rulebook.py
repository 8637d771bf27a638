"""The wheel's duties follow the rulebook in force on the day, not the scheme's kind: a new
rulebook version that gives eKVIS a general assembly, or ends KiAP's consent duty for data
packages, changes the wheel from its first day."""

from datetime import date

from klynge.clusters.models import RulebookVersion
from klynge.meetings.models import Meeting
from klynge.year import wheel
from klynge.year.models import Package, PackageOrder
from klynge.year.tests.helpers import local, meeting


def new_version(scheme, valid_from: date, **changes) -> RulebookVersion:
    version = scheme.rulebook_versions.in_force(valid_from)
    version.pk, version.valid_from = None, valid_from
    for name, value in changes.items():
        setattr(version, name, value)
    version.save()
    return version


def keys(cluster, year: int) -> set[str]:
    return {item.key.rsplit(":", 1)[0] for item in wheel.items_for(cluster, year)}


def test_the_reference_rulebooks_give_each_scheme_its_duties(world):
    kiap, ekvis = keys(world.cluster_a, 2027), keys(world.cluster_e, 2027)
    assert "assembly_plan" in kiap and "coordinator_meeting" not in kiap
    assert "assembly_plan" not in ekvis and "coordinator_meeting" in ekvis


def test_an_ekvis_rulebook_asking_for_an_assembly_puts_it_on_the_wheel(world):
    new_version(world.ekvis, date(2027, 1, 1), yearly_assembly=True, coordinator_meeting=False)
    assert "assembly_plan" not in keys(world.cluster_e, 2026)
    assert "coordinator_meeting" in keys(world.cluster_e, 2026)
    assert "assembly_plan" in keys(world.cluster_e, 2027)
    assert "coordinator_meeting" not in keys(world.cluster_e, 2027)


def test_a_change_after_the_due_day_does_not_reach_back(world):
    """A version from 2 February: the assembly plan was due on 1 February under the old one."""
    new_version(world.ekvis, date(2027, 2, 2), yearly_assembly=True)
    assert "assembly_plan" not in keys(world.cluster_e, 2027)


def order(cluster, day: date) -> PackageOrder:
    package = Package.objects.create(
        title=f"Opioider {day}", provider_scheme=cluster.scheme, is_data_package=True
    )
    return PackageOrder.objects.create(
        cluster=cluster,
        package=package,
        meeting=Meeting.objects.get(cluster=cluster, start=local(day)),
    )


def test_consent_for_a_data_package_follows_the_rulebook_on_the_meetings_day(world):
    cluster = world.cluster_a
    may, september = date(2027, 5, 10), date(2027, 9, 13)
    for day in (may, september):
        meeting(cluster, day)
    spring, autumn = order(cluster, may), order(cluster, september)
    new_version(world.kiap, date(2027, 6, 1), package_consent=False, data_package_consent_days=45)
    new_version(world.kiap, date(2027, 4, 1), package_consent=True, data_package_consent_days=30)
    due = {item.key: item.due for item in wheel.items_for(cluster, 2027)}
    assert due[f"package_consent:{spring.pk}"] == date(2027, 4, 10)  # 30 days (April's version)
    assert f"package_consent:{autumn.pk}" not in due
