"""The wheel ticks from facts: a whole year per scheme (time-machine) with every fact recorded on
its day finds nothing overdue; the same year with every fact one day late finds, each morning,
exactly the items due the day before overdue. Items belong to the schemes they come from."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from klynge.meetings.models import Invitation, Meeting
from klynge.members.models import JanuaryCheck
from klynge.money.models import Accounts, Budget, Claim
from klynge.year import services, wheel
from klynge.year.models import (
    Assembly,
    ExternalActivity,
    Package,
    PackageOrder,
    StatusReport,
    WheelMark,
)
from klynge.year.tests.helpers import ekvis_coordinator, local, meeting

# The schemes' fixtures are asked for by name (request.getfixturevalue), which pytest-django does
# not see when it decides whether the run needs a test database: run alone, a test found none.
pytestmark = pytest.mark.django_db

YEAR = 2027
MEETING_DAYS = [date(YEAR, 5, 10), date(YEAR, 6, 14), date(YEAR, 9, 13)]
FOURTH_MEETING = date(YEAR, 11, 8)
# Kept by the passing of time, not by a fact.
NO_FACT = (":proposals",)


def assembly_of(key: str) -> Assembly:
    return Assembly.objects.select_related("meeting").get(pk=key.split(":")[1])


def meeting_of(key: str) -> Meeting:
    return Meeting.objects.get(pk=key.split(":")[1])


def record(cluster, key: str, user) -> None:
    """Record the fact the wheel item `key` asks for, now."""
    kind, _sep, rest = key.partition(":")
    now = timezone.now()
    if kind == "status_report":
        StatusReport.objects.update_or_create(
            cluster=cluster, year=int(rest), defaults={"status": StatusReport.Status.SUBMITTED}
        )
    elif kind == "ydernumre":
        JanuaryCheck.objects.create(cluster=cluster, year=int(rest))
    elif kind == "budget":
        budget = Budget.objects.create(cluster=cluster, year=int(rest))
        budget.lines.create(kind="catering", description="Forplejning", amount=Decimal("4000"))
    elif kind == "accounts":
        Accounts.objects.create(cluster=cluster, year=int(rest), statement_balance=Decimal("0"))
    elif kind == "meetings_planned":
        meeting(cluster, FOURTH_MEETING, title="Efterårsmøde")
    elif kind == "coordinator_meeting":
        ExternalActivity.objects.create(
            cluster=cluster, date=now.date(), kind="ekvis_meeting", counterpart="eKVIS"
        )
    elif kind in ("honorarium", "assembly_plan"):
        WheelMark.objects.create(cluster=cluster, key=key)
    elif kind == "package_consent":
        PackageOrder.objects.filter(pk=rest).update(status=PackageOrder.Status.CONSENT)
    elif kind == "assembly":
        record_assembly(key, user, now)
    elif kind == "meeting":
        record_meeting(cluster, key, now)
    else:
        raise AssertionError(f"no fact for {key}")


def record_assembly(key: str, user, now) -> None:
    assembly, step = assembly_of(key), key.rsplit(":", 1)[1]
    if step == "preliminary":
        Assembly.objects.filter(pk=assembly.pk).update(preliminary_sent_at=now)
    elif step == "final":
        Assembly.objects.filter(pk=assembly.pk).update(final_sent_at=now)
    elif step == "held":
        Meeting.objects.filter(pk=assembly.meeting_id).update(status=Meeting.Status.HELD)
    elif step == "minutes":
        services.confirm_minutes(assembly, by=user)


def record_meeting(cluster, key: str, now) -> None:
    found, step = meeting_of(key), key.rsplit(":", 1)[1]
    if step == "answers":
        person = cluster.posts.first().person
        Invitation.objects.create(meeting=found, person=person, answer=Invitation.Answer.YES)
    elif step == "materials":
        Meeting.objects.filter(pk=found.pk).update(materials_sent_at=now)
    elif step == "held":
        Meeting.objects.filter(pk=found.pk).update(status=Meeting.Status.HELD)
    elif step == "paperwork":
        Claim.objects.create(
            cluster=cluster, meeting=found, status=Claim.Status.SUBMITTED, submitted_at=now
        )


def read_again(day: date, items, recorded: bool) -> bool:
    """Whether the wheel can read differently today than at its last reading: a fact was recorded
    since, or an item falls due today or did yesterday (the only reading of the clock is whether
    an assembly's proposals deadline has passed). Every Monday it is read all the same."""
    yesterday = day - timedelta(days=1)
    return (
        items is None
        or recorded
        or day.weekday() == 0
        or any(i.due in (day, yesterday) for i in items)
    )


def run_year(cluster, user, late: int) -> dict[date, set[str]]:
    """Each evening (20:00, after a 17:00 meeting) note what is overdue, then record the facts of
    the items due that day (`late` days ago). Returns the overdue keys by day.

    The wheel is read from the database only on the days it can read differently (read_again);
    each day's states are judged by the day itself, from the latest reading."""
    overdue = {}
    items, recorded = None, False
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        with time_machine.travel(local(day, 20), tick=False):
            if read_again(day, items, recorded):
                items = wheel.items_for(cluster, YEAR)
            overdue[day] = {i.key for i in items if i.state(day) == wheel.State.OVERDUE}
            due = [i for i in items if not i.done and i.due == day - timedelta(days=late)]
            recorded = False
            for item in due:
                if not item.key.endswith(NO_FACT):
                    record(cluster, item.key, user)
                    recorded = True
        day += timedelta(days=1)
    return overdue


def data_order(cluster, on: date) -> PackageOrder:
    package = Package.objects.create(
        title="Opioider", provider_scheme=cluster.scheme, is_data_package=True
    )
    return PackageOrder.objects.create(
        cluster=cluster,
        package=package,
        meeting=Meeting.objects.get(cluster=cluster, start=local(on)),
    )


@pytest.fixture
def kiap(world):
    cluster = world.cluster_a
    with time_machine.travel(local(date(2026, 12, 1), 9), tick=False):
        services.create_assembly(
            cluster,
            start=local(date(YEAR, 3, 16)),
            venue="Roskilde Kongres",
            address="",
            proposals_deadline=date(YEAR, 2, 23),
            by=None,
        )
        for day in MEETING_DAYS:
            meeting(cluster, day)
        data_order(cluster, MEETING_DAYS[2])
    return cluster, world.users["coordinator"]


@pytest.fixture
def ekvis(world):
    person = ekvis_coordinator(world)
    cluster = world.cluster_e
    with time_machine.travel(local(date(2026, 12, 1), 9), tick=False):
        for day in MEETING_DAYS:
            meeting(cluster, day)
        data_order(cluster, MEETING_DAYS[2])
    return cluster, person.user


def keys_of(cluster) -> set[str]:
    with time_machine.travel(local(date(YEAR, 1, 1), 9), tick=False):
        return {i.key.split(":")[0] for i in wheel.items_for(cluster, YEAR)}


def test_items_belong_to_the_schemes_they_come_from(kiap, ekvis):
    kiap_keys, ekvis_keys = keys_of(kiap[0]), keys_of(ekvis[0])
    for key in ("assembly", "budget", "accounts", "ydernumre", "package_consent"):
        assert key in kiap_keys and key not in ekvis_keys, key
    assert "coordinator_meeting" in ekvis_keys and "coordinator_meeting" not in kiap_keys
    assert "honorarium" in ekvis_keys  # eKVIS pays the coordinator by its rulebook


@pytest.mark.parametrize("scheme", ["kiap", "ekvis"])
def test_a_year_with_every_fact_on_time_has_nothing_overdue(scheme, request):
    cluster, user = request.getfixturevalue(scheme)
    overdue = run_year(cluster, user, late=0)
    assert {day: keys for day, keys in overdue.items() if keys} == {}
    with time_machine.travel(local(date(YEAR, 12, 31), 21), tick=False):
        items = wheel.items_for(cluster, YEAR)
    assert len(items) >= 15 and all(i.state(date(YEAR, 12, 31)) == wheel.State.DONE for i in items)


@pytest.mark.parametrize("scheme", ["kiap", "ekvis"])
def test_each_fact_a_day_late_makes_exactly_its_item_overdue(scheme, request):
    cluster, user = request.getfixturevalue(scheme)
    overdue = run_year(cluster, user, late=1)
    with time_machine.travel(local(date(YEAR, 12, 31), 21), tick=False):
        items = wheel.items_for(cluster, YEAR)
    due_yesterday = {
        day: {
            i.key for i in items if i.due == day - timedelta(days=1) and not i.key.endswith(NO_FACT)
        }
        for day in overdue
    }
    assert overdue == due_yesterday
    assert sum(len(keys) for keys in overdue.values()) >= 15
