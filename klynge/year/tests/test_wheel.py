"""The wheel through a whole year (time-machine), for both schemes, and the weekly digest."""

from datetime import date, timedelta

import pytest
import time_machine
from post_office.models import Email

from klynge.clusters.models import Post
from klynge.year import jobs, services, wheel
from klynge.year.models import DigestEntry, ExternalActivity, StatusReport, Task
from klynge.year.tests.helpers import ekvis_coordinator, local, meeting

YEAR = 2027
S = wheel.State


def states(cluster, on: date) -> dict[str, wheel.State]:
    with time_machine.travel(local(on, 12), tick=False):
        return {item.key: item.state(on) for item in wheel.items_for(cluster, YEAR)}


@pytest.fixture
def kiap_year(world):
    """Cluster A (KiAP) in 2027: an assembly on 16 March, a meeting on 10 May, a board term."""
    with time_machine.travel(local(date(2026, 12, 1), 9), tick=False):
        assembly = services.create_assembly(
            world.cluster_a,
            start=local(date(YEAR, 3, 16)),
            venue="Roskilde Kongres",
            address="",
            proposals_deadline=date(YEAR, 2, 23),
            by=None,
        )
    spring = meeting(world.cluster_a, date(YEAR, 5, 10), title="Forårsmøde")
    board = Post.objects.get(cluster=world.cluster_a, kind=Post.Kind.BOARD)
    board.term_end = date(YEAR, 9, 30)
    board.save()
    return world.cluster_a, assembly, spring, board


def test_kiap_items_come_due_and_overdue_on_the_right_days(kiap_year):
    cluster, assembly, spring, board = kiap_year
    a, m, b = f"assembly:{assembly.pk}", f"meeting:{spring.pk}", f"term:{board.pk}:20270930"
    # (day, key, state): the rulebook's 31 January, the 14-day rule, the cluster's own rules.
    table = [
        (date(2027, 1, 10), "status_report:2026", S.UPCOMING),
        (date(2027, 1, 17), "status_report:2026", S.SOON),
        (date(2027, 1, 31), "status_report:2026", S.SOON),
        (date(2027, 2, 1), "status_report:2026", S.OVERDUE),
        (date(2027, 1, 31), "ydernumre:2027", S.SOON),
        (date(2027, 2, 1), "ydernumre:2027", S.OVERDUE),
        (date(2027, 2, 1), "budget:2027", S.OVERDUE),
        (date(2027, 1, 26), f"{a}:preliminary", S.SOON),
        (date(2027, 2, 10), f"{a}:preliminary", S.OVERDUE),
        (date(2027, 2, 15), f"{a}:final", S.UPCOMING),
        (date(2027, 2, 16), f"{a}:final", S.SOON),
        (date(2027, 3, 2), f"{a}:final", S.SOON),
        (date(2027, 3, 3), f"{a}:final", S.OVERDUE),
        (date(2027, 3, 3), "accounts:2026", S.OVERDUE),
        (date(2027, 3, 31), f"{a}:minutes", S.OVERDUE),
        (date(2027, 3, 31), "meetings_planned:2027", S.SOON),
        (date(2027, 4, 1), "meetings_planned:2027", S.OVERDUE),
        (date(2027, 4, 26), f"{m}:answers", S.SOON),
        (date(2027, 4, 27), f"{m}:answers", S.OVERDUE),
        (date(2027, 5, 3), f"{m}:materials", S.SOON),
        (date(2027, 5, 11), f"{m}:held", S.OVERDUE),
        (date(2027, 6, 9), f"{m}:paperwork", S.SOON),
        (date(2027, 6, 10), f"{m}:paperwork", S.OVERDUE),
        (date(2027, 6, 16), f"{b}:reminder", S.SOON),
        (date(2027, 7, 1), f"{b}:reminder", S.OVERDUE),
        (date(2027, 9, 30), f"{b}:end", S.SOON),
    ]
    failures = []
    for day, key, want in table:
        got = states(cluster, day).get(key)
        if got != want:
            failures.append(f"{day} {key}: expected {want}, got {got}")
    assert failures == []
    keys = set(states(cluster, date(2027, 1, 1)))
    assert "coordinator_meeting:2027" not in keys  # an eKVIS duty
    assert "honorarium:2027" not in keys  # KiAP honoraria only when the assembly decided one
    assert f"assembly_plan:{YEAR}" not in keys  # the assembly is planned


def test_kiap_items_are_done_when_recorded(kiap_year, world):
    cluster, assembly, spring, board = kiap_year
    with time_machine.travel(local(date(2027, 2, 3), 9), tick=False):
        StatusReport.objects.create(
            cluster=cluster, year=2026, status=StatusReport.Status.SUBMITTED
        )
        services.send_preliminary(assembly, by=None)
    for _ in range(3):
        meeting(cluster, date(2027, 9, 1) + timedelta(days=30 * _))
    now = states(cluster, date(2027, 4, 2))
    assert now["status_report:2026"] == S.DONE
    assert now[f"assembly:{assembly.pk}:preliminary"] == S.DONE
    assert now["meetings_planned:2027"] == S.DONE  # four meetings planned
    assert now[f"assembly:{assembly.pk}:final"] == S.OVERDUE


def test_a_kiap_cluster_without_an_assembly_is_told_to_plan_one(world):
    keys = states(world.cluster_b, date(2027, 1, 20))
    assert keys["assembly_plan:2027"] == S.SOON
    assert states(world.cluster_b, date(2027, 2, 2))["assembly_plan:2027"] == S.OVERDUE


def test_ekvis_year(world):
    ekvis_coordinator(world, term_end=date(YEAR, 12, 31))
    cluster = world.cluster_e
    jan = states(cluster, date(2027, 1, 20))
    assert jan["status_report:2026"] == S.SOON
    assert "ydernumre:2027" not in jan and "budget:2027" not in jan
    assert "assembly_plan:2027" not in jan  # eKVIS clusters hold no general assembly by rule
    assert states(cluster, date(2027, 3, 17))["honorarium:2027"] == S.SOON
    assert states(cluster, date(2027, 4, 1))["honorarium:2027"] == S.OVERDUE
    assert states(cluster, date(2027, 12, 20))["coordinator_meeting:2027"] == S.SOON
    ExternalActivity.objects.create(
        cluster=cluster, date=date(2027, 11, 5), kind="ekvis_meeting", counterpart="eKVIS"
    )
    assert states(cluster, date(2027, 12, 20))["coordinator_meeting:2027"] == S.DONE
    sources = {i.key: i.source for i in wheel.items_for(cluster, YEAR)}
    assert "eKVIS" in sources["status_report:2026"]  # the rulebook in force is named


def test_own_tasks_and_ticks(world, login):
    cluster = world.cluster_a
    task = Task.objects.create(
        cluster=cluster, title="Book lokale til efteråret", due=date(2027, 8, 1)
    )
    assert states(cluster, date(2027, 8, 2))[f"task:{task.pk}"] == S.OVERDUE
    with time_machine.travel(local(date(2027, 1, 5), 10), tick=False):
        client = login(world.users["coordinator"])  # sessions expire: log in at the new time
        response = client.post(
            f"/klynger/{cluster.slug}/aar/2027/afkryds/", {"key": "ydernumre:2027", "done": "1"}
        )
        assert response.status_code == 302
        response = client.post(
            f"/klynger/{cluster.slug}/aar/2027/afkryds/", {"key": "no-such-item", "done": "1"}
        )
    assert states(cluster, date(2027, 2, 5))["ydernumre:2027"] == S.DONE
    # A member cannot tick anything off.
    response = login(world.users["member"]).post(
        f"/klynger/{cluster.slug}/aar/2027/afkryds/", {"key": "budget:2027", "done": "1"}
    )
    assert response.status_code == 403
    assert states(cluster, date(2027, 2, 5))["budget:2027"] == S.OVERDUE


def test_wheel_page_shows_sources_and_links(world, login):
    with time_machine.travel(local(date(2027, 1, 20), 10), tick=False):
        client = login(world.users["coordinator"])
        page = client.get(f"/klynger/{world.cluster_a.slug}/aar/2027/").content.decode()
    assert "Regelsæt for KiAP / PLO" in page
    assert f"/klynger/{world.cluster_a.slug}/aar/status/2026/" in page
    assert "Snart" in page


def days_a_digest_can_go_out(clusters, start: date, days: int) -> list[date]:
    """Mondays (a new week) and the days on which an item of the year turns soon or overdue: on
    any other day every recipient has either had this week's digest or has nothing new in it, so
    the job has nothing to send (and the runs on these days check that it sends nothing twice)."""
    end = start + timedelta(days=days)
    # Every item whose soon-or-overdue window can overlap the year (the digest looks back 120 days
    # and SOON_DAYS ahead).
    with time_machine.travel(local(start, 6), tick=False):
        built = wheel.build(
            clusters,
            start - timedelta(days=jobs.LOOK_BACK_DAYS),
            end + timedelta(days=wheel.SOON_DAYS + 1),
        )
    items = [item for cluster_items in built.values() for item in cluster_items]
    chosen = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        turns = any(item.state(day) != item.state(day - timedelta(days=1)) for item in items)
        if day.weekday() == 0 or turns:
            chosen.append(day)
    return chosen


def run_year(clusters, start: date, days: int) -> int:
    queued = 0
    for day in days_a_digest_can_go_out(clusters, start, days):
        for hour in (6, 8, 15):  # before the digest hour on Mondays, then twice more
            with time_machine.travel(local(day, hour), tick=False):
                queued += jobs.run_due(local(day, hour))
    return queued


def digest_bodies(email: str) -> list[str]:
    return [
        e.message
        for e in Email.objects.filter(to=[email]).order_by("created")
        if e.subject.startswith("Ugens frister")
    ]


def test_digest_sends_each_item_once_through_the_year(kiap_year, world):
    cluster, assembly, spring, board = kiap_year
    ekvis_coordinator(world, name="Eva Oejenlaege")
    run_year([cluster, world.cluster_b, world.cluster_e], date(2027, 1, 1), 365)
    coordinator = world.people["coordinator"].email
    bodies = digest_bodies(coordinator)
    assert bodies, "no digest was sent"
    with time_machine.travel(local(date(2027, 12, 31), 12), tick=False):
        items = wheel.items_for(cluster, YEAR)
    mailed = set(
        DigestEntry.objects.filter(cluster=cluster, recipient=coordinator).values_list(
            "key", flat=True
        )
    )
    # Every item of the year that was not done when it came due was mailed, and only once.
    for item in items:
        if item.due < date(2027, 1, 1):
            continue
        line = f"{item.due:%d.%m.%Y} {item.title}"
        count = sum(body.count(line) for body in bodies)
        assert item.key in mailed, item.key
        assert count == 1, (item.key, count)
    # At most one digest per week, and none before 07:00 on a Monday.
    weeks = list(
        DigestEntry.objects.filter(cluster=cluster, recipient=coordinator)
        .values_list("week", flat=True)
        .distinct()
    )
    assert len(bodies) == len(weeks)
    # The eKVIS coordinator got eKVIS items and none of cluster A's.
    ekvis_bodies = digest_bodies(
        Post.objects.get(cluster=world.cluster_e, kind=Post.Kind.COORDINATOR).person.email
    )
    assert any("Status for 2026 til eKVIS" in body for body in ekvis_bodies)
    assert not any("Forårsmøde" in body for body in ekvis_bodies)


def test_digest_is_idempotent_within_a_week(kiap_year, world):
    monday = date(2027, 1, 25)
    with time_machine.travel(local(monday, 6), tick=False):
        assert jobs.run_due(local(monday, 6)) == 0  # before 07:00 on Monday
    with time_machine.travel(local(monday, 8), tick=False):
        first = jobs.run_due(local(monday, 8))
        second = jobs.run_due(local(monday, 8))
    assert first >= 2  # coordinator and board member of cluster A
    assert second == 0


def test_term_reminder_three_months_before_and_on_the_agenda(kiap_year, world):
    cluster, assembly, spring, board = kiap_year
    # A second assembly in the autumn, not yet called, gets the election on its agenda.
    with time_machine.travel(local(date(2027, 6, 1), 9), tick=False):
        autumn = services.create_assembly(
            cluster,
            start=local(date(2027, 9, 20)),
            venue="Kro",
            address="",
            proposals_deadline=None,
            by=None,
        )
    autumn.agenda = "Valg af dirigent og referent\nEventuelt"
    autumn.save()
    with time_machine.travel(local(date(2027, 6, 29), 9), tick=False):
        jobs.term_reminders(date(2027, 6, 29))
    assert not Email.objects.filter(subject__contains="udløber snart").exists()
    with time_machine.travel(local(date(2027, 6, 30), 9), tick=False):
        assert jobs.term_reminders(date(2027, 6, 30)) == 1
        assert jobs.term_reminders(date(2027, 6, 30)) == 0
    mail = Email.objects.get(subject__contains="udløber snart")
    assert mail.to == [board.person.email]
    autumn.refresh_from_db()
    assert any("Bent Bestyrelse" in line for line in autumn.agenda_items())


def test_calendar_feed(world, login, client):
    from klynge.year.services import ensure_calendar_token

    token = ensure_calendar_token(world.users["coordinator"])
    with time_machine.travel(local(date(2027, 1, 10), 10), tick=False):
        response = client.get(f"/klynger/{world.cluster_a.slug}/aar/kalender/{token}.ics")
        assert response.status_code == 200
        body = response.content.decode()
        assert "BEGIN:VEVENT" in body
        assert "DTSTART;VALUE=DATE:20270131" in body
        # The token of someone without a role in the cluster opens nothing.
        other = ensure_calendar_token(world.users["other_coordinator"])
        assert (
            client.get(f"/klynger/{world.cluster_a.slug}/aar/kalender/{other}.ics").status_code
            == 404
        )
        assert (
            client.get(f"/klynger/{world.cluster_a.slug}/aar/kalender/{'x' * 30}.ics").status_code
            == 404
        )


def test_the_calendar_page_makes_its_address_only_when_asked(world, login):
    """Looking at the page writes nothing; the button (POST) makes the secret address."""
    user = world.users["coordinator"]
    client = login(user)
    url = f"/klynger/{world.cluster_a.slug}/aar/kalender/"
    page = client.get(url).content.decode()
    user.refresh_from_db()
    assert not user.calendar_token
    assert "Lav kalenderadresse" in page and ".ics" not in page
    assert client.post(url).status_code == 302
    user.refresh_from_db()
    assert len(user.calendar_token) >= 20
    page = client.get(url).content.decode()
    assert f"/aar/kalender/{user.calendar_token}.ics" in page
    assert "Lav en ny adresse" in page


def test_wheel_in_english(world, login):
    with time_machine.travel(local(date(2027, 1, 20), 10), tick=False):
        page = login(world.users["coordinator"]).get("/en/klynger/klynge-a/aar/2027/")
    text = page.content.decode()
    assert "Year&#x27;s wheel 2027" in text or "Year's wheel 2027" in text
    assert "Checklist" in text and "Due soon" in text
    assert "Budget for 2027" in text
