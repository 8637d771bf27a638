"""The general assembly: the 14-day rule, proposals, minutes that move posts and rules, the PDF."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from post_office.models import Email

from klynge.clusters.access import Role, roles_in
from klynge.clusters.models import ClusterRules, Post
from klynge.meetings.models import Invitation
from klynge.year import services
from klynge.year.models import Assembly, Election, Handover
from klynge.year.tests.helpers import local

ASSEMBLY_DAY = date(2027, 3, 16)


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        return services.create_assembly(
            world.cluster_a,
            start=local(ASSEMBLY_DAY),
            venue="Roskilde Kongres",
            address="Møllehusvej 15",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )


def url(assembly, suffix=""):
    return f"/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/{suffix}"


def final_mails():
    return Email.objects.filter(subject__startswith="Indkaldelse og dagsorden")


def send_final_at(login, world, assembly, day, reason=""):
    with time_machine.travel(local(day, 10), tick=False):
        client = login(world.users["coordinator"])
        return client.post(url(assembly, "indkaldelse/"), {"reason": reason})


def test_default_agenda_has_the_standard_items(assembly):
    agenda = assembly.agenda_items()
    for expected in (
        "Valg af dirigent og referent",
        "Koordinatorens beretning",
        "Regnskab",
        "Budget",
        "Indkomne forslag",
        "Valg af koordinator",
        "Honorarer",
        "Mødefrekvens og klyngens regler",
        "Eventuelt",
    ):
        assert any(expected in item for item in agenda), expected


def test_final_notice_15_days_ahead_goes_out(world, login, assembly):
    response = send_final_at(login, world, assembly, date(2027, 3, 1))  # 15 days before
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.final_sent_at is not None
    assert assembly.final_override_reason == ""
    members = {world.people[k].email for k in ("coordinator", "board", "member", "member2")}
    assert {e.to[0] for e in final_mails()} == members
    body = final_mails().first().message
    assert "Koordinatorens beretning" in body and "Roskilde Kongres" in body
    # Attendance is recorded as for meetings: everyone is invited to the assembly's meeting.
    assert Invitation.objects.filter(meeting=assembly.meeting).count() == len(members)


def test_final_notice_14_days_ahead_is_on_time(world, login, assembly):
    send_final_at(login, world, assembly, date(2027, 3, 2))
    assembly.refresh_from_db()
    assert assembly.final_sent_at is not None


def test_final_notice_13_days_ahead_is_refused_without_a_reason(world, login, assembly):
    response = send_final_at(login, world, assembly, date(2027, 3, 3))
    assert response.status_code == 200
    page = response.content.decode()
    assert "kun 13 dage til generalforsamlingen" in page
    assert 'class="form-error-message"' in page
    assembly.refresh_from_db()
    assert assembly.final_sent_at is None
    assert not final_mails().exists()


def test_final_notice_13_days_ahead_with_a_reason_goes_out_and_is_logged(world, login, assembly):
    reason = "Regnskabet fra PLO kom først i går"
    response = send_final_at(login, world, assembly, date(2027, 3, 3), reason=reason)
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.final_sent_at is not None
    assert assembly.final_override_reason == reason
    assert final_mails().count() == 4
    logged = assembly.history.filter(history_change_reason__contains=reason).first()
    assert logged is not None
    assert "13 dage" in logged.history_change_reason
    assert logged.history_user == world.users["coordinator"]
    with time_machine.travel(local(date(2027, 3, 3), 11), tick=False):
        page = login(world.users["coordinator"]).get(url(assembly)).content.decode()
    assert reason in page


def test_members_send_proposals_before_the_deadline(world, login, assembly):
    with time_machine.travel(local(date(2027, 2, 20), 10), tick=False):
        client = login(world.users["member"])
        response = client.post(url(assembly, "forslag/"), {"title": "", "text": "x"})
        assert response.status_code == 200 and "form-error-message" in response.content.decode()
        response = client.post(
            url(assembly, "forslag/"), {"title": "Fire møder om året", "text": "Vi foreslår …"}
        )
        assert response.status_code == 302
    with time_machine.travel(local(date(2027, 2, 24), 10), tick=False):
        client = login(world.users["member"])
        response = client.post(url(assembly, "forslag/"), {"title": "For sent", "text": "…"})
        assert "Fristen for forslag er overskredet" in response.content.decode()
    assert list(assembly.proposals.values_list("title", flat=True)) == ["Fire møder om året"]


def minutes_with_new_coordinator(world, login, assembly, start):
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        client = login(world.users["coordinator"])
        client.post(
            url(assembly, "referat/"),
            {"chair": "Bent", "minute_taker": "Karen", "minutes": "Godkendt."},
        )
        response = client.post(
            url(assembly, "referat/valg/"),
            {
                "election-person": world.people["member"].pk,
                "election-kind": "coordinator",
                "election-outcome": "elected",
                "election-start": start.isoformat(),
                "election-term_end": "2029-03-31",
            },
        )
        assert response.status_code == 302, response.context["election_form"].errors
        client.post(
            url(assembly, "referat/beslutning/"),
            {
                "decision-topic": "frequency",
                "decision-text": "Klyngen holder tre møder om året.",
                "decision-meetings_per_year": "3",
                "decision-minutes_required": "unknown",
            },
        )
        return client.post(url(assembly, "referat/godkend/"))


def test_minutes_electing_a_coordinator_from_1_april(world, login, assembly):
    response = minutes_with_new_coordinator(world, login, assembly, date(2027, 4, 1))
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.confirmed_at is not None
    new, old = world.users["member"], world.users["coordinator"]
    cluster = world.cluster_a
    assert Role.COORDINATOR not in roles_in(new, cluster, on=date(2027, 3, 31))
    assert Role.COORDINATOR in roles_in(new, cluster, on=date(2027, 4, 1))
    assert Role.COORDINATOR in roles_in(old, cluster, on=date(2027, 3, 31))
    assert Role.COORDINATOR not in roles_in(old, cluster, on=date(2027, 4, 1))
    post = Post.objects.get(cluster=cluster, person=world.people["member"])
    assert (post.start, post.term_end, post.elected) == (
        date(2027, 4, 1),
        date(2029, 3, 31),
        "assembly",
    )
    # The old post is ended, not deleted: the history stays.
    old_post = Post.objects.get(
        cluster=cluster, person=world.people["coordinator"], kind="coordinator"
    )
    assert old_post.end == date(2027, 3, 31)
    # The cluster rules change from the date of the decision, keeping what was not decided.
    rules = ClusterRules.objects.get(cluster=cluster, valid_from=ASSEMBLY_DAY)
    assert rules.meetings_per_year == 3
    assert cluster.rules_on(date(2027, 3, 15)).meetings_per_year == 4
    # The members get the minutes PDF.
    mails = Email.objects.filter(subject__startswith="Referat af generalforsamlingen")
    assert mails.count() == 4
    assert mails.first().attachments.first().file.read()[:4] == b"%PDF"
    # Confirming twice changes nothing.
    with time_machine.travel(local(ASSEMBLY_DAY, 21), tick=False):
        login(world.users["coordinator"]).post(url(assembly, "referat/godkend/"))
    assert Post.objects.filter(cluster=cluster, kind="coordinator").count() == 2


def test_months_of_the_honorarium_follow_the_elected_date(world, login, assembly):
    """Each month belongs to whoever held the post on its first day: from 1 April the new one."""
    minutes_with_new_coordinator(world, login, assembly, date(2027, 4, 1))
    posts = list(Post.objects.filter(cluster=world.cluster_a, kind="coordinator"))
    before = services.coordinator_by_month(posts, date(2026, 4, 1))
    after = services.coordinator_by_month(posts, date(2027, 4, 1))
    assert {holder for _m, holder in before} == {world.people["coordinator"]}
    assert {holder for _m, holder in after} == {world.people["member"]}
    rules = pytest.importorskip("klynge.money.rules")
    tenures = [rules.Tenure(p.person_id, p.start, p.end) for p in posts]
    shares = rules.honorarium_shares(Decimal("12000"), date(2027, 1, 1), tenures)
    by_person = {share.holder: (share.month_count, share.amount) for share in shares}
    assert by_person == {
        world.people["coordinator"].pk: (3, Decimal("3000.00")),
        world.people["member"].pk: (9, Decimal("9000.00")),
    }


def test_election_with_a_term_ending_before_it_starts_is_refused(world, login, assembly):
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        response = login(world.users["coordinator"]).post(
            url(assembly, "referat/valg/"),
            {
                "election-person": world.people["member"].pk,
                "election-kind": "coordinator",
                "election-outcome": "elected",
                "election-start": "2027-04-01",
                "election-term_end": "2027-01-01",
            },
        )
    assert response.status_code == 200
    assert "Perioden skal slutte efter" in response.content.decode()
    assert not Election.objects.exists()


def test_minutes_pdf(world, login, assembly):
    minutes_with_new_coordinator(world, login, assembly, date(2027, 4, 1))
    with time_machine.travel(local(ASSEMBLY_DAY, 22), tick=False):
        response = login(world.users["member"]).get(url(assembly, "referat.pdf"))
    assert response.status_code == 200
    assert response.content[:4] == b"%PDF"


def test_only_the_board_runs_the_assembly(world, login, assembly):
    with time_machine.travel(local(date(2027, 3, 1), 10), tick=False):
        response = login(world.users["member"]).post(url(assembly, "indkaldelse/"), {"reason": ""})
    assert response.status_code == 403
    assert Assembly.objects.get(pk=assembly.pk).final_sent_at is None


def test_create_assembly_form(world, login):
    with time_machine.travel(local(date(2027, 1, 10), 10), tick=False):
        client = login(world.users["board"])
        bad = client.post(
            f"/klynger/{world.cluster_a.slug}/aar/generalforsamling/ny/",
            {"start": "2027-03-16T17:00", "venue": "Kro", "proposals_deadline": "2027-03-10"},
        )
        assert bad.status_code == 200
        assert "Fristen skal ligge senest 02.03.2027" in bad.content.decode()
        good = client.post(
            f"/klynger/{world.cluster_a.slug}/aar/generalforsamling/ny/",
            {"start": "2027-03-16T17:00", "venue": "Kro", "proposals_deadline": "2027-02-23"},
        )
    assert good.status_code == 302
    assembly = Assembly.objects.get()
    assert assembly.day == ASSEMBLY_DAY
    assert assembly.meeting.kind == "assembly"


def test_budget_and_accounts_are_attached_to_the_final_notice_when_they_exist(
    world, login, assembly
):
    from klynge.money.models import Accounts, Budget

    Budget.objects.create(cluster=world.cluster_a, year=2027)
    Accounts.objects.create(cluster=world.cluster_a, year=2026)
    send_final_at(login, world, assembly, date(2027, 3, 1))
    mail = final_mails().first()
    files = {a.name: a.file.read() for a in mail.attachments.all()}
    assert sorted(files) == ["aarsregnskab-2026.pdf", "budget-2027.pdf", "invitation.ics"]
    assert files["budget-2027.pdf"][:4] == files["aarsregnskab-2026.pdf"][:4] == b"%PDF"
    assert b"METHOD:REQUEST" in files["invitation.ics"]


def test_final_notice_is_the_invitation_one_mail_per_member(world, login, assembly):
    """The notice carries the personal answer link and the calendar file: no second mail."""
    send_final_at(login, world, assembly, date(2027, 3, 1))
    invited = assembly.meeting.invitations.count()
    assert invited > 0
    assert final_mails().count() == invited
    assert Email.objects.exclude(subject__startswith="Indkaldelse og dagsorden").count() == 0
    mail = next(m for m in final_mails() if m.to == [world.people["member"].email])
    assert "/svar/" in mail.message


@pytest.mark.parametrize(
    ("when", "refused"),
    [
        (local(date(2026, 11, 27), 10), True),  # four months ahead
        (local(ASSEMBLY_DAY, 16, 59), True),  # a minute before it starts
        (local(ASSEMBLY_DAY, 17, 0), False),  # it has started
        (local(date(2027, 5, 2), 9), False),  # recorded after the fact
    ],
)
def test_minutes_are_confirmed_only_once_the_assembly_has_started(
    world, login, assembly, when, refused
):
    minutes_with_new_coordinator_drafted(world, login, assembly)
    with time_machine.travel(when, tick=False):
        client = login(world.users["coordinator"])
        response = client.post(url(assembly, "referat/godkend/"), follow=True)
        page = response.content.decode()
        minutes_page = client.get(url(assembly, "referat/")).content.decode()
    assembly.refresh_from_db()
    posts = Post.objects.filter(cluster=world.cluster_a, person=world.people["member"])
    minutes_mails = Email.objects.filter(subject__startswith="Referat af generalforsamlingen")
    if refused:
        assert "referatet kan ikke godkendes endnu" in page
        assert "16. marts 2027 kl. 17:00" in page
        assert "ret først datoen" in page
        assert assembly.confirmed_at is None and not assembly.meeting.is_held
        assert not posts.exists()
        assert not ClusterRules.objects.filter(cluster=world.cluster_a, valid_from=ASSEMBLY_DAY)
        assert not minutes_mails.exists()
        assert "Godkend referatet og opdatér" not in minutes_page
    else:
        assert "Referatet er godkendt" in page
        assert assembly.confirmed_at is not None and posts.count() == 1
        assert minutes_mails.count() == 4


def minutes_with_new_coordinator_drafted(world, login, assembly):
    """The minutes written ahead (allowed: a draft changes nothing)."""
    with time_machine.travel(local(date(2026, 11, 27), 9), tick=False):
        client = login(world.users["coordinator"])
        client.post(
            url(assembly, "referat/"),
            {"chair": "Bent", "minute_taker": "Karen", "minutes": "Godkendt."},
        )
        client.post(
            url(assembly, "referat/valg/"),
            {
                "election-person": world.people["member"].pk,
                "election-kind": "coordinator",
                "election-outcome": "elected",
                "election-start": "2027-04-01",
                "election-term_end": "2029-03-31",
            },
        )
        client.post(
            url(assembly, "referat/beslutning/"),
            {
                "decision-topic": "frequency",
                "decision-text": "Tre møder om året.",
                "decision-meetings_per_year": "3",
                "decision-minutes_required": "unknown",
            },
        )
    assert assembly.elections.count() == 1 and assembly.decisions.count() == 1


def test_electing_a_new_coordinator_fills_in_the_handover(world, login, assembly):
    minutes_with_new_coordinator(world, login, assembly, date(2027, 4, 1))
    handover = Handover.objects.get(cluster=world.cluster_a)
    old, new = world.people["coordinator"], world.people["member"]
    assert (handover.outgoing, handover.successor, handover.effective) == (
        old,
        new,
        date(2027, 4, 1),
    )
    assert handover.new_post.person == new and handover.old_post.end == date(2027, 3, 31)
    assert handover.created_by == world.users["coordinator"]
    secretariat_mail = Email.objects.get(to=[world.cluster_a.scheme.secretariat_email])
    assert new.name in secretariat_mail.message
    assert Email.objects.filter(to=[new.email], subject__contains="koordinator").exists()
    pending = f"{new.name} overtager koordinatorposten efter {old.name} fra 1. april 2027"
    with time_machine.travel(local(date(2027, 3, 20), 10), tick=False):
        cluster_page = login(world.users["member2"]).get("/klynger/klynge-a/").content.decode()
        secretariat = login(world.users["secretariat_kiap"]).get("/sekretariat/").content.decode()
        other = login(world.users["secretariat_ekvis"]).get("/sekretariat/").content.decode()
    assert pending in cluster_page and pending in secretariat
    assert pending not in other
    with time_machine.travel(local(date(2027, 4, 2), 10), tick=False):
        cluster_page = login(world.users["member2"]).get("/klynger/klynge-a/").content.decode()
    assert "overtager koordinatorposten" not in cluster_page


def test_re_electing_the_coordinator_is_no_handover(world, login, assembly):
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        Election.objects.create(
            assembly=assembly,
            person=world.people["coordinator"],
            kind="coordinator",
            start=date(2027, 4, 1),
            term_end=date(2029, 3, 31),
        )
        services.confirm_minutes(assembly, by=world.users["coordinator"])
    assert not Handover.objects.exists()


def test_minutes_typed_and_confirmed_at_once_are_kept(world, login, assembly):
    typed = {"chair": "Bent", "minute_taker": "Karen", "minutes": "Beretningen godkendt."}
    with time_machine.travel(local(ASSEMBLY_DAY, 16), tick=False):  # before it starts
        client = login(world.users["coordinator"])
        response = client.post(url(assembly, "referat/gem-og-godkend/"), typed)
        page = client.get(url(assembly, "referat/")).content.decode()
    assembly.refresh_from_db()
    assert assembly.confirmed_at is None and assembly.minutes == typed["minutes"]
    assert "Beretningen godkendt." in page  # refused, but what was typed is kept
    with time_machine.travel(local(ASSEMBLY_DAY, 20), tick=False):
        client = login(world.users["coordinator"])
        edited = {**typed, "minutes": "Beretningen og regnskabet godkendt."}
        response = client.post(url(assembly, "referat/gem-og-godkend/"), edited)
    assert response.status_code == 302
    assembly.refresh_from_db()
    assert assembly.confirmed_at is not None
    assert assembly.minutes == "Beretningen og regnskabet godkendt."
    response = login(world.users["coordinator"]).post(
        url(assembly, "referat/"), {"chair": "", "minute_taker": "", "minutes": ""}
    )
    assert Assembly.objects.get(pk=assembly.pk).minutes == "Beretningen og regnskabet godkendt."
