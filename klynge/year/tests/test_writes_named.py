"""The year's pages write through services that name the user (issue 9): the history of an
assembly, its meeting, proposals, elections, decisions, packages, activities and handovers names
who changed them; tasks, ticks, topics and report sections (no history table) are written as that
user."""

from datetime import date

import pytest
import time_machine
from post_office.models import Email

from klynge.accounts.models import User
from klynge.conftest import writes_as
from klynge.meetings.models import Meeting
from klynge.year import services
from klynge.year.models import (
    Assembly,
    AssemblyDecision,
    Election,
    ExternalActivity,
    Handover,
    Package,
    PlannedTopic,
    ReportSection,
    Task,
    WheelMark,
)
from klynge.year.tests.helpers import local
from klynge.year.tests.test_assembly import ASSEMBLY_DAY, minutes_with_new_coordinator, url

pytestmark = pytest.mark.django_db
Y = "/klynger/klynge-a/aar/"


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        return services.create_assembly(
            world.cluster_a, start=local(ASSEMBLY_DAY), venue="Roskilde Kongres", address="",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )  # fmt: skip


def test_tasks_and_ticks_on_the_wheel_are_written_as_the_coordinator(world, login):
    email = world.users["coordinator"].email
    with time_machine.travel(local(date(2027, 1, 5), 10), tick=False):
        client = login(world.users["coordinator"])
        with writes_as(Task, WheelMark) as seen:
            added = client.post(Y + "opgaver/ny/", {"title": "Book lokale", "due": "2027-08-01"})
            assert added.status_code == 302
            task = Task.objects.get()
            assert task.created_by == world.users["coordinator"]
            edit = {"title": "Book lokale til efteråret", "due": "2027-08-01"}
            assert client.post(Y + f"opgaver/{task.pk}/", edit).status_code == 302
            client.post(Y + f"opgaver/{task.pk}/udfoert/")
            task.refresh_from_db()
            assert task.title == "Book lokale til efteråret" and task.done_at is not None
            client.post(Y + f"opgaver/{task.pk}/ikke-udfoert/")
            client.post(Y + f"opgaver/{task.pk}/slet/")
            tick = {"key": "ydernumre:2027", "done": "1"}
            client.post(Y + "2027/afkryds/", tick)
            assert WheelMark.objects.get().by == world.users["coordinator"]
            client.post(Y + "2027/afkryds/", {"key": "ydernumre:2027", "done": "0"})
    # add, edit, done, undone, delete; tick, un-tick
    assert seen == [email] * 7
    assert not Task.objects.exists() and not WheelMark.objects.exists()


def test_a_new_calendar_address_is_made_as_the_user(world, login):
    user = world.users["coordinator"]
    client = login(user)
    with writes_as(User) as seen:
        client.get(Y + "kalender/")
        assert User.objects.get(pk=user.pk).calendar_token == ""  # looking writes nothing
        client.post(Y + "kalender/")
        first = User.objects.get(pk=user.pk).calendar_token
        client.post("/moeder/kalender/")
    assert len(first) >= 32 and User.objects.get(pk=user.pk).calendar_token != first
    assert seen == [user.email] * 2


def test_topics_are_written_as_the_coordinator(world, login):
    client = login(world.users["coordinator"])
    with writes_as(PlannedTopic) as seen:
        client.post(Y + "emner/", {"title": "KOL", "year": "2027", "status": "planned"})
        topic = PlannedTopic.objects.get()
        client.post(Y + f"emner/{topic.pk}/", {"title": "KOL II", "year": "2027", "status": "done"})
        assert PlannedTopic.objects.get().title == "KOL II"
        client.post(Y + f"emner/{topic.pk}/slet/")
    assert seen == [world.users["coordinator"].email] * 3 and not PlannedTopic.objects.exists()


def test_activities_packages_and_sections_name_their_author(world, login):
    with writes_as(ExternalActivity, Package) as seen:
        login(world.users["board"]).post(
            Y + "aktiviteter/",
            {"date": "2026-09-01", "kind": "hospital", "counterpart": "Sygehuset"},
        )
        activity = ExternalActivity.objects.get()
        edit = {"date": "2026-09-02", "kind": "hospital", "counterpart": "Sygehus Syd"}
        coordinator = login(world.users["coordinator"])  # one client, logged in anew
        coordinator.post(Y + f"aktiviteter/{activity.pk}/", edit)
        coordinator.post(Y + f"aktiviteter/{activity.pk}/slet/")
        kiap = login(world.users["secretariat_kiap"])
        kiap.post("/sekretariat/klyngepakker/", {"title": "Antibiotika", "active": "on"})
    users = world.users
    assert seen == [users["board"].email] + [users["coordinator"].email] * 2 + [
        users["secretariat_kiap"].email
    ]
    assert activity.created_by == users["board"]
    records = list(activity.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~", "-"]
    assert [r.history_user for r in records] == [
        users["board"], users["coordinator"], users["coordinator"],
    ]  # fmt: skip
    package = Package.objects.get()
    assert package.provider_scheme == world.kiap
    assert package.history.get().history_user == users["secretariat_kiap"]
    with writes_as(ReportSection) as seen:
        kiap.post(
            "/sekretariat/statusrapporter/afsnit/",
            {"title": "Samarbejde", "key": "samarbejde", "source": "text", "order": "1",
             "active": "on"},
        )  # fmt: skip
    assert ReportSection.objects.get(key="samarbejde").scheme == world.kiap
    assert seen == [users["secretariat_kiap"].email]


def test_assembly_changes_are_in_the_history_with_the_coordinator(world, login, assembly):
    coordinator = world.users["coordinator"]
    with (
        time_machine.travel(local(date(2027, 1, 12), 10), tick=False),
        writes_as(Assembly, Meeting) as seen,
    ):
        client = login(coordinator)
        response = client.post(
            url(assembly, "ret/"),
            {
                "start": "2027-03-17T17:00",
                "venue": "Medborgerhuset",
                "address": "Vej 1",
                "proposals_deadline": "2027-02-24",
                "agenda": "1. Valg af dirigent\n2. Beretning",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    assert seen == [coordinator.email] * 2  # the meeting, then the assembly, in one service
    assembly.refresh_from_db()
    assert assembly.meeting.venue == "Medborgerhuset"
    changed = assembly.history.first()
    assert changed.history_user == coordinator
    assert changed.history_change_reason == "Dato, sted eller dagsorden ændret"
    meeting_record = assembly.meeting.history.first()
    assert meeting_record.venue == "Medborgerhuset" and meeting_record.history_user == coordinator


def test_proposal_and_its_outcome_name_the_member_and_the_board(world, login, assembly):
    with time_machine.travel(local(date(2027, 2, 20), 10), tick=False):
        login(world.users["member"]).post(
            url(assembly, "forslag/"), {"title": "Fire møder", "text": "Vi foreslår …"}
        )
        proposal = assembly.proposals.get()
        assert proposal.person == world.people["member"]
        login(world.users["coordinator"]).post(
            url(assembly, "forslag/resultat/"), {"proposal": proposal.pk, "outcome": "adopted"}
        )
    records = list(proposal.history.order_by("history_date"))
    assert records[-1].outcome == "adopted"
    assert [r.history_user for r in records] == [world.users["member"], world.users["coordinator"]]


def test_minutes_elections_decisions_and_their_mail_name_the_coordinator(world, login, assembly):
    coordinator = world.users["coordinator"]
    with writes_as(Election, AssemblyDecision) as seen:
        response = minutes_with_new_coordinator(world, login, assembly, date(2027, 4, 1))
    assert response.status_code == 302
    assert seen and set(seen) == {coordinator.email}
    saved = assembly.history.filter(history_change_reason="Referat gemt").get()
    assert saved.history_user == coordinator and saved.minutes == "Godkendt."
    for model in (Election, AssemblyDecision):
        records = list(model.history.all())
        assert records and {r.history_user for r in records} == {coordinator}
    mails = Email.objects.filter(subject__icontains="referat")
    members = services.members_to_notify(world.cluster_a, ASSEMBLY_DAY)
    assert mails.count() == len(members) > 0
    assert sorted(m.to[0] for m in mails) == sorted(p.email for p in members)


def test_removing_an_election_or_a_decision_is_in_the_history(world, login, assembly):
    chosen = Election.objects.create(
        assembly=assembly, person=world.people["member"], kind="board", outcome="elected",
        start=date(2027, 4, 1),
    )  # fmt: skip
    decided = AssemblyDecision.objects.create(assembly=assembly, topic="other", text="Kaffe")
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        client = login(world.users["coordinator"])
        with writes_as(Election, AssemblyDecision) as seen:
            client.post(url(assembly, "referat/valg/fjern/"), {"id": chosen.pk})
            client.post(url(assembly, "referat/beslutning/fjern/"), {"id": decided.pk})
    assert seen == [world.users["coordinator"].email] * 2
    assert not Election.objects.exists() and not AssemblyDecision.objects.exists()
    for model in (Election, AssemblyDecision):
        removed = model.history.get(history_type="-")
        assert removed.history_user == world.users["coordinator"]


def test_a_handover_is_in_the_history_with_the_outgoing_coordinator(world, login):
    with time_machine.travel(local(date(2027, 5, 12), 10), tick=False), writes_as(Handover) as seen:
        response = login(world.users["coordinator"]).post(
            Y + "overdragelse/",
            {"successor": world.people["member"].pk, "effective": "2027-06-01"},
        )
    assert response.status_code == 302
    assert seen == [world.users["coordinator"].email]
    record = Handover.objects.get().history.get()
    assert record.history_user == world.users["coordinator"]
    assert record.history_actor == world.users["coordinator"].email


def test_the_preliminary_notice_is_sent_as_the_coordinator(world, login, assembly):
    with time_machine.travel(local(date(2027, 1, 12), 10), tick=False), writes_as(Assembly) as seen:
        login(world.users["coordinator"]).post(url(assembly, "foreloebig/"))
    assert seen == [world.users["coordinator"].email]
    record = assembly.history.first()
    assert record.preliminary_sent_at is not None
    assert record.history_user == world.users["coordinator"]


def test_cancelling_a_handover_names_the_coordinator(world, login):
    with time_machine.travel(local(date(2027, 5, 12), 10), tick=False):
        client = login(world.users["coordinator"])
        client.post(
            Y + "overdragelse/", {"successor": world.people["member"].pk, "effective": "2027-07-01"}
        )
        handover = Handover.objects.get()
        with writes_as(Handover) as seen:
            client.post(Y + "overdragelse/fortryd/", {"handover": handover.pk})
    assert seen == [world.users["coordinator"].email] and not Handover.objects.exists()
    removed = Handover.history.get(history_type="-")
    assert removed.history_user == world.users["coordinator"]
