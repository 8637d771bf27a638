"""Agenda and materials before the meeting; attendance, decisions, minutes and lists after."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from klynge.clusters.models import AccessLog
from klynge.conftest import make_person
from klynge.meetings import panels, services
from klynge.meetings.models import Action, AgendaItem, Invitation, Material, Meeting
from klynge.meetings.tests.factories import PDF_BYTES, make_action, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=5)
    services.invite(meeting, members, by=None)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def begun(called):
    """The called meeting, an hour after it began (attendance and minutes belong to the day)."""
    with time_machine.travel(called.start + timedelta(hours=1), tick=False):
        yield called


def url(name, meeting, *args):
    return reverse(f"meetings:{name}", args=[meeting.cluster.slug, meeting.pk, *args])


def test_agenda_items_add_move_delete(login, world, called):
    client = login(world.users["coordinator"])
    bad = client.post(url("agenda", called), {"title": "", "minutes_allotted": "-5"})
    assert bad.status_code == 200 and "form-error-message" in bad.text
    for title in ("Data", "Refleksion"):
        client.post(url("agenda", called), {"title": title, "minutes_allotted": "30"})
    titles = lambda: list(called.agenda.values_list("title", flat=True))  # noqa: E731
    assert titles() == ["Opfølgning fra sidste møde", "Data", "Refleksion"]
    refleksion = called.agenda.get(title="Refleksion")
    client.post(url("agenda_move", called, refleksion.pk), {"direction": "up"})
    assert titles() == ["Opfølgning fra sidste møde", "Refleksion", "Data"]
    client.post(url("agenda_move", called, refleksion.pk), {"direction": "up"})
    assert titles()[0] == "Opfølgning fra sidste møde", "the follow-up item stays first"
    followup = called.agenda.get(is_followup=True)
    assert client.post(url("agenda_delete", called, followup.pk)).status_code == 404
    client.post(url("agenda_delete", called, refleksion.pk))
    assert titles() == ["Opfølgning fra sidste møde", "Data"]


def test_material_upload_is_checked_by_content(login, world, called):
    client = login(world.users["coordinator"])
    fake = SimpleUploadedFile("slides.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    response = client.post(url("materials", called), {"file": fake})
    assert "ikke en gyldig fil" in response.text
    assert not Material.objects.exists()
    good = SimpleUploadedFile("Data om KOL.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url("materials", called), {"file": good, "label": ""})
    material = Material.objects.get()
    assert material.label == "Data om KOL.pdf" and material.mime == "application/pdf"
    assert "KOL" not in material.file.name and material.file.name.endswith(".pdf")
    # Members download through the view; another cluster's coordinator gets 404.
    member = login(world.users["member"])
    response = member.get(url("material", called, material.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    outsider = login(world.users["other_coordinator"])
    assert outsider.get(url("material", called, material.pk)).status_code == 404


def test_send_materials_mails_everyone_invited_each_time(login, world, called):
    client = login(world.users["coordinator"])
    client.post(url("agenda", called), {"title": "Data"})
    client.post(url("send_materials", called))
    client.post(url("send_materials", called))
    assert Email.objects.filter(subject__startswith="Dagsorden og materiale").count() == 8
    called.refresh_from_db()
    assert called.materials_sent_at is not None


def test_materials_deadline_warning(rf, world, called):
    # The meeting is 5 days away; the rule says materials 7 days before: late.
    request = rf.get("/")
    request.user = world.users["coordinator"]
    found = panels.dashboard_panels(request, [(world.cluster_a, frozenset({"coordinator"}))])
    warnings = [p for p in found if p.template == "meetings/panel_warnings.html"]
    assert warnings and warnings[0].context["warnings"][0]["late"] is True
    html = render_to_string(warnings[0].template, {"panel": warnings[0].context})
    assert "skulle have været sendt" in html
    services.send_materials(called, by=None)
    found = panels.dashboard_panels(request, [(world.cluster_a, frozenset({"coordinator"}))])
    assert not [p for p in found if p.template == "meetings/panel_warnings.html"]


def test_attendance_saves_per_row_with_and_without_htmx(login, world, begun):
    client = login(world.users["coordinator"])
    page = client.get(url("attendance", begun))
    assert page.status_code == 200 and 'hx-post="' in page.text
    invitation = begun.invitations.get(person=world.people["member"])
    response = client.post(
        url("attendance_row", begun, invitation.pk), {"attendance": "present", "version": "0"}
    )
    assert response.status_code == 302 and response["Location"].endswith(
        f"#invitation-{invitation.pk}"
    )
    response = client.post(
        url("attendance_row", begun, invitation.pk),
        {"attendance": "excused", "version": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.strip().startswith("<li") and "<html" not in response.text
    invitation.refresh_from_db()
    assert invitation.attendance == "excused" and invitation.attendance_version == 2
    history = list(invitation.history.values_list("attendance", "history_user_id"))
    assert history[:2] == [
        ("excused", world.users["coordinator"].pk),
        ("present", world.users["coordinator"].pk),
    ]
    bad = client.post(url("attendance_row", begun, invitation.pk), {"attendance": "maybe"})
    assert bad.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attendance == "excused"


def test_two_devices_lose_nothing(login, world, begun):
    client = login(world.users["coordinator"])
    member = begun.invitations.get(person=world.people["member"])
    board = begun.invitations.get(person=world.people["board"])
    # Both phones loaded the page at version 0. Phone A marks the member present, phone B marks
    # the board member present: different rows, both kept.
    client.post(url("attendance_row", begun, member.pk), {"attendance": "present", "version": "0"})
    client.post(url("attendance_row", begun, board.pk), {"attendance": "present", "version": "0"})
    # Phone B, still showing version 0, now says the member is absent: refused, told.
    response = client.post(
        url("attendance_row", begun, member.pk),
        {"attendance": "absent", "version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ændret på en anden enhed imens" in response.text
    member.refresh_from_db()
    board.refresh_from_db()
    assert (member.attendance, board.attendance) == ("present", "present")
    # Same choice from a stale page is simply fine.
    client.post(url("attendance_row", begun, member.pk), {"attendance": "present", "version": "0"})
    member.refresh_from_db()
    assert member.attendance_version == 1


def test_walk_in_and_fill_absent(login, world, begun):
    client = login(world.users["coordinator"])
    walker = make_person("Wilma Walk-in", world.clinic_a2)
    form = client.get(url("walk_in", begun))
    assert walker.name in form.text and world.people["member"].name not in form.text
    client.post(url("walk_in", begun), {"person": walker.pk})
    walk_in = begun.invitations.get(person=walker)
    assert walk_in.walk_in and walk_in.attendance == "present" and walk_in.clinic == world.clinic_a2
    services.record_answer(
        begun.invitations.get(person=world.people["member"]), "no", "Syg", by=None
    )
    client.post(url("fill_absent", begun))
    got = dict(begun.invitations.values_list("person__name", "attendance"))
    assert got["Mette Medlem"] == "excused" and got["Morten Andenklinik"] == "absent"
    begun.refresh_from_db()
    assert begun.status == Meeting.Status.HELD


def test_decisions_and_actions(login, world, called):
    client = login(world.users["coordinator"])
    client.post(url("outcomes_decision", called), {"d-text": "Vi følger op i maj."})
    bad = client.post(url("outcomes_action", called), {"a-text": "Tjek data", "a-owner": "cluster"})
    assert bad.status_code == 200 and "Vælg en frist eller" in bad.text
    assert "Beslutninger og opfølgning" in bad.text and not Action.objects.exists()
    client.post(
        url("outcomes_action", called),
        {
            "a-text": "Tjek data",
            "a-owner": f"clinic:{world.clinic_a1.pk}",
            "a-due_next_meeting": "on",
        },
    )
    client.post(
        url("outcomes_action", called),
        {
            "a-text": "Book lokale",
            "a-owner": f"person:{world.people['board'].pk}",
            "a-due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert called.decisions.get().text == "Vi følger op i maj."
    clinic_action = Action.objects.get(text="Tjek data")
    assert clinic_action.owner_clinic == world.clinic_a1 and clinic_action.due_next_meeting
    # Open actions come back on the next meeting's agenda and on the owners' dashboards.
    next_meeting = make_meeting(world.cluster_a, days=60, title="Næste møde")
    page = client.get(url("detail", next_meeting))
    assert "Tjek data" in page.text and "Book lokale" in page.text
    owned = services.actions_owned_by(world.people["member"], [world.cluster_a])
    assert [a.text for a in owned] == ["Tjek data"]
    actions_page = client.get(reverse("meetings:actions", args=["klynge-a"]))
    assert "Tjek data" in actions_page.text
    client.post(
        reverse("meetings:action_status", args=["klynge-a", clinic_action.pk]), {"status": "done"}
    )
    clinic_action.refresh_from_db()
    assert clinic_action.status == "done" and clinic_action.done_at
    assert "Tjek data" not in client.get(url("detail", next_meeting)).text


def test_minutes_and_pdf(login, world, begun):
    client = login(world.users["coordinator"])
    item = begun.agenda.get()
    client.post(url("minutes", begun), {"summary": "God dag", f"item_{item.pk}": "Ingen åbne."})
    begun.refresh_from_db()
    assert begun.minutes_summary == "God dag"
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Ingen åbne."
    response = client.get(url("minutes_pdf", begun))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    client.post(url("send_minutes", begun))
    assert Email.objects.filter(subject__startswith="Referat").count() == 4


def test_attendance_list_csv_pdf_and_sending(login, world, begun):
    client = login(world.users["coordinator"])
    services.set_attendance(
        begun,
        begun.invitations.get(person=world.people["member"]).pk,
        "present",
        0,
        by=world.users["coordinator"],
    )
    response = client.get(url("attendance_list_csv", begun))
    disposition = f'filename="moededeltagerliste-klynge-a-{begun.pk}.csv"'
    assert disposition in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:7] == ["Klynge", "Dato", "Mødested", "Navn", "Klinik", "Ydernummer", "Rolle"]
    mette = next(r for r in rows if r[3] == "Mette Medlem")
    assert mette[0] == world.cluster_a.name and mette[5] == "\t" + world.clinic_a1.ydernummer
    assert mette[6] == "Ansat læge" and mette[8] == "Til stede"
    assert mette[1] == timezone.localtime(begun.start).strftime("%Y-%m-%d %H:%M")
    assert AccessLog.objects.filter(action="export").count() == 4
    blank = client.get(url("attendance_list_pdf", begun) + "?blank=1")
    assert blank.content.startswith(b"%PDF") and "underskriftsliste" in blank["Content-Disposition"]
    # The secretariat may fetch it too; a member may not.
    assert (
        login(world.users["secretariat_kiap"]).get(url("attendance_list_csv", begun)).status_code
        == 200
    )
    assert login(world.users["member"]).get(url("attendance_list_csv", begun)).status_code == 403
    client = login(world.users["coordinator"])
    client.post(url("send_attendance_list", begun))
    assert not Email.objects.filter(to=[world.kiap.secretariat_email]).exists(), "not held yet"
    begun.status = Meeting.Status.HELD
    begun.save()
    client.post(url("send_attendance_list", begun))
    mail = Email.objects.get(to=[world.kiap.secretariat_email])
    assert sorted(a.name for a in mail.attachments.all()) == [
        "moededeltagerliste.csv",
        "moededeltagerliste.pdf",
    ]


def test_absence_page_manager_and_member(login, world, rules):
    year = timezone.localdate().year
    start = timezone.make_aware(timezone.datetime(year, 1, 5, 17))
    for n in range(2):
        meeting = services.create_meeting(
            world.cluster_a, title=f"M{n}", start=start + timedelta(days=n), status="held", by=None
        )
        Invitation.objects.create(
            meeting=meeting, person=world.people["member"], attendance="absent"
        )
        Invitation.objects.create(
            meeting=meeting, person=world.people["board"], attendance="present"
        )
    coordinator = login(world.users["coordinator"]).get(
        reverse("meetings:absence", args=["klynge-a"])
    )
    assert "Over grænsen" in coordinator.text and "Bent Bestyrelse" in coordinator.text
    member = login(world.users["member"]).get(reverse("meetings:absence", args=["klynge-a"]))
    assert "Mette Medlem" in member.text and "Bent Bestyrelse" not in member.text


def test_calendar_feed(login, client, world, members, rules):
    meeting = make_meeting(world.cluster_a, title="Feedmøde")
    make_meeting(world.cluster_b, title="Andet klyngemøde")
    member = login(world.users["member"])
    member.post(reverse("meetings:calendar"))
    user = world.users["member"]
    user.refresh_from_db()
    assert len(user.calendar_token) >= 32
    page = member.get(reverse("meetings:calendar"))
    assert user.calendar_token in page.text
    # A subscribe link calendar programs open: the same feed over webcal://.
    feed_path = reverse("meetings:feed", args=[user.calendar_token])
    assert f'href="webcal://{settings.KLYNGE_BASE_URL.split("://")[1]}{feed_path}"' in page.text
    client.logout()
    feed = client.get(reverse("meetings:feed", args=[user.calendar_token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    from icalendar import Calendar

    calendar = Calendar.from_ical(feed.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("Feedmøde" in s for s in summaries)
    assert not any("Andet klyngemøde" in s for s in summaries)
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{meeting.uid}@klynge"
    wrong = client.get(reverse("meetings:feed", args=["y" * 43]))
    assert wrong.status_code == 400


def test_dashboard_panel_shows_my_meetings_and_followups(rf, world, called):
    services.record_answer(called.invitations.get(person=world.people["member"]), "yes", by=None)
    make_action(world.cluster_a, text="Min opgave", owner_person=world.people["member"])
    request = rf.get("/")
    request.user = world.users["member"]
    found = panels.dashboard_panels(request, [(world.cluster_a, frozenset({"member"}))])
    panel = next(p for p in found if p.template == "meetings/panel_dashboard.html")
    html = render_to_string(panel.template, {"panel": panel.context})
    assert called.title in html and "Deltager" in html and "Min opgave" in html
    request.cluster_roles = frozenset({"member"})
    cluster_panel = panels.cluster_panels(request, world.cluster_a)[0]
    html = render_to_string(cluster_panel.template, {"panel": cluster_panel.context})
    assert called.title in html and "Nyt møde" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_panel_queries_do_not_grow(count, rf, world, rules, django_assert_num_queries):
    for n in range(count):
        meeting = make_meeting(world.cluster_a, days=5 + n, title=f"Møde {n}", status="called")
        Invitation.objects.create(meeting=meeting, person=world.people["coordinator"])
        make_action(world.cluster_a, meeting, text=f"Opgave {n}")
    request = rf.get("/")
    request.user = world.users["coordinator"]
    clusters = [(world.cluster_a, frozenset({"coordinator", "member"}))]
    panels.dashboard_panels(request, clusters)  # the cluster's meetings and rules, into the cache
    # the cluster's token (the warnings from the cached meetings) + my invitations + my actions
    # (clinic subquery inline) + missed
    with django_assert_num_queries(4):
        panels.dashboard_panels(request, clusters)


def test_the_chair_may_run_the_meeting_other_members_may_not(login, world, begun):
    begun.chair = world.people["member2"]
    begun.save()
    chair = login(world.users["member2"])
    page = chair.get(url("detail", begun))
    assert "Du er mødeleder" in page.text
    assert chair.get(url("attendance", begun)).status_code == 200
    invitation = begun.invitations.get(person=world.people["board"])
    chair.post(url("attendance_row", begun, invitation.pk), {"attendance": "present"})
    invitation.refresh_from_db()
    assert invitation.attendance == "present"
    assert chair.get(url("minutes", begun)).status_code == 200
    assert chair.get(url("edit", begun)).status_code == 403
    other = login(world.users["member"])
    assert other.get(url("attendance", begun)).status_code == 403
    assert "Du er mødeleder" not in other.get(url("detail", begun)).text
