"""The status report's numbers equal what was recorded (generated data), and its submission."""

import random
from datetime import date, timedelta

import pytest
import time_machine
from post_office.models import Email

from klynge.conftest import make_clinic, make_person
from klynge.meetings.models import Invitation, Meeting
from klynge.year import report
from klynge.year.models import ExternalActivity, StatusReport
from klynge.year.tests.helpers import local, meeting

A = Invitation.Attendance


@pytest.fixture
def recorded(world):
    """A year of meetings with random attendance; the expected figures are counted as we go."""
    rng = random.Random(2026)
    cluster = world.cluster_a
    clinics = [world.clinic_a1, world.clinic_a2] + [make_clinic(cluster) for _ in range(3)]
    people = [(world.people[k], world.clinic_a1) for k in ("coordinator", "board", "member")]
    people.append((world.people["member2"], world.clinic_a2))
    for index in range(14):
        clinic = rng.choice(clinics[2:])
        people.append((make_person(f"Læge Nummer{index}", clinic), clinic))
    expected = {
        "meetings": 0,
        "invited": 0,
        "present_invited": 0,
        "excused": 0,
        "absent": 0,
        "per_meeting": [],
        "clinic": {},
    }
    day = date(2026, 2, 10)
    for index in range(5):
        m = meeting(cluster, day, title=f"Møde {index + 1}", status=Meeting.Status.HELD)
        invited = rng.sample(people, rng.randint(8, len(people)))
        counts = {"invited": 0, "present": 0}
        for person, clinic in invited:
            attendance = rng.choice([A.PRESENT, A.PRESENT, A.PRESENT, A.EXCUSED, A.ABSENT])
            Invitation.objects.create(
                meeting=m, person=person, clinic=clinic, attendance=attendance
            )
            counts["invited"] += 1
            counts["present"] += attendance == A.PRESENT
            expected["excused"] += attendance == A.EXCUSED
            expected["absent"] += attendance == A.ABSENT
            row = expected["clinic"].setdefault(clinic.pk, [0, 0])
            row[0] += 1
            row[1] += attendance == A.PRESENT
        walk_in = make_person(f"Gæst {index}")
        Invitation.objects.create(meeting=m, person=walk_in, attendance=A.PRESENT, walk_in=True)
        expected["meetings"] += 1
        expected["invited"] += counts["invited"]
        expected["present_invited"] += counts["present"]
        expected["per_meeting"].append(counts)
        day += timedelta(days=rng.randint(40, 70))
    # Not counted: a cancelled meeting, a planned one, and one in the year before.
    meeting(cluster, date(2026, 11, 20), status=Meeting.Status.CANCELLED)
    meeting(cluster, date(2026, 12, 10), status=Meeting.Status.PLANNING)
    old = meeting(cluster, date(2025, 12, 31), status=Meeting.Status.HELD)
    Invitation.objects.create(meeting=old, person=world.people["member"], attendance=A.PRESENT)
    ExternalActivity.objects.create(
        cluster=cluster, date=date(2026, 9, 1), kind="municipality", counterpart="Roskilde Kommune"
    )
    return cluster, expected


def test_figures_equal_what_was_recorded(recorded):
    cluster, expected = recorded
    figures = report.compute(cluster, 2026)
    assert figures["meeting_count"] == expected["meetings"]
    assert figures["totals"]["invited"] == expected["invited"]
    assert figures["totals"]["present_invited"] == expected["present_invited"]
    assert figures["totals"]["excused"] == expected["excused"]
    assert figures["totals"]["absent"] == expected["absent"]
    rate = round(100 * expected["present_invited"] / expected["invited"], 1)
    assert figures["totals"]["rate"] == rate
    for row, counts in zip(figures["meetings"], expected["per_meeting"], strict=True):
        assert (row["invited"], row["present"] - row["walk_ins"]) == (
            counts["invited"],
            counts["present"],
        )
        assert row["rate"] == round(100 * counts["present"] / counts["invited"], 1)
    clinic_totals = sorted((c["invited"], c["present"]) for c in figures["clinics"])
    assert clinic_totals == sorted(tuple(v) for v in expected["clinic"].values())
    assert [a["counterpart"] for a in figures["activities"]] == ["Roskilde Kommune"]


def test_report_is_filled_in_submitted_and_seen_by_the_secretariat(recorded, world, login):
    cluster, expected = recorded
    url = f"/klynger/{cluster.slug}/aar/status/2026/"
    with time_machine.travel(local(date(2027, 1, 15), 10), tick=False):
        client = login(world.users["coordinator"])
        page = client.get(url).content.decode()
        assert f"{expected['meetings']} klyngemøder afholdt" in page
        assert "Hvordan er det gået med klyngens arbejde?" in page  # KiAP's form
        # Typed and submitted at once, never saved as a draft: what is in the form is submitted.
        response = client.post(url + "indsend/", {"refleksion": "Godt år med fokus på KOL."})
        assert response.status_code == 302
        saved = StatusReport.objects.get(cluster=cluster, year=2026)
        assert saved.is_submitted and saved.answers == {"refleksion": "Godt år med fokus på KOL."}
        assert saved.figures["totals"]["invited"] == expected["invited"]
        mail = Email.objects.get(to=[cluster.scheme.secretariat_email])
        assert mail.attachments.first().file.read()[:4] == b"%PDF"
        # After submission the report is locked and the figures do not move.
        meeting(cluster, date(2026, 12, 1), status=Meeting.Status.HELD)
        page = client.get(url).content.decode()
        assert f"{expected['meetings']} klyngemøder afholdt" in page
        assert "Indsendt til sekretariatet" in page
        secretariat = login(world.users["secretariat_kiap"])
        listing = secretariat.get("/sekretariat/statusrapporter/?aar=2026").content.decode()
        assert "1 af 2 klynger har indsendt" in listing
        home = secretariat.get("/sekretariat/").content.decode()
        assert "Statusrapporter for 2026" in home
        pdf = secretariat.get(url + "rapport.pdf")
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
        # The eKVIS secretariat sees nothing of a KiAP cluster.
        other = login(world.users["secretariat_ekvis"])
        assert other.get(url).status_code == 404


def test_ekvis_report_uses_the_ekvis_form_and_secretariat_can_edit_it(world, login):
    client = login(world.users["secretariat_ekvis"])
    response = client.post(
        "/sekretariat/statusrapporter/afsnit/",
        {
            "title": "Samarbejde med sygehuset",
            "key": "sygehus",
            "source": "text",
            "order": 95,
            "active": "on",
        },
    )
    assert response.status_code == 302
    clash = client.post(
        "/sekretariat/statusrapporter/afsnit/",
        {"title": "Igen", "key": "sygehus", "source": "text", "order": 96},
    )
    assert "Nøglen bruges allerede" in clash.content.decode()
    from klynge.year.tests.helpers import ekvis_coordinator

    person = ekvis_coordinator(world)
    with time_machine.travel(local(date(2027, 1, 15), 10), tick=False):
        page = login(person.user).get("/klynger/klynge-e/aar/status/2026/").content.decode()
    assert "Status for 2026 til eKVIS" in page
    assert "Samarbejde med sygehuset" in page
    assert "Ønsker og forslag til eKVIS" in page


def submit_at(login, user, url, text, day=date(2027, 1, 15)):
    with time_machine.travel(local(day, 10), tick=False):
        return login(user).post(url + "indsend/", {"refleksion": text})


def test_a_report_cannot_be_submitted_before_the_year_is_over(world, login):
    url = f"/klynger/{world.cluster_a.slug}/aar/status/2026/"
    user = world.users["coordinator"]
    response = submit_at(login, user, url, "Tidligt svar", day=date(2026, 12, 30))
    page = response.content.decode()
    assert response.status_code == 200 and "rapporten kan indsendes fra 1. januar" in page
    assert "Tidligt svar" in page  # what was typed stays in the form
    assert not StatusReport.objects.filter(status=StatusReport.Status.SUBMITTED).exists()


def test_the_secretariat_reopens_a_report_with_a_reason(world, login):
    cluster = world.cluster_a
    url = f"/klynger/{cluster.slug}/aar/status/2026/"
    coordinator = world.users["coordinator"]
    assert submit_at(login, coordinator, url, "Første udgave").status_code == 302
    with time_machine.travel(local(date(2027, 1, 20), 10), tick=False):
        # The coordinator may not reopen; a reason is required.
        assert login(coordinator).post(url + "genaabn/").status_code == 403
        secretariat = login(world.users["secretariat_kiap"])
        assert "Genåbn rapporten" in secretariat.get(url).content.decode()
        response = secretariat.post(url + "genaabn/", {"reason": "  "})
        assert "Skriv hvorfor rapporten genåbnes" in response.content.decode()
        assert StatusReport.objects.get(cluster=cluster, year=2026).is_submitted
        reason = "Afsnittet om <b>KOL</b> mangler."
        assert secretariat.post(url + "genaabn/", {"reason": reason}).status_code == 302
    report = StatusReport.objects.get(cluster=cluster, year=2026)
    assert not report.is_submitted and report.answers == {"refleksion": "Første udgave"}
    logged = report.history.first()
    assert reason in logged.history_change_reason
    assert logged.history_actor == world.users["secretariat_kiap"].email
    mail = Email.objects.get(to=[world.people["coordinator"].email])
    assert reason in mail.message and "<b>KOL</b>" not in mail.html_message
    # The coordinator sees why, edits and submits again; the secretariat gets the new version.
    with time_machine.travel(local(date(2027, 1, 21), 10), tick=False):
        page = login(coordinator).get(url).content.decode()
    assert "Afsnittet om &lt;b&gt;KOL&lt;/b&gt; mangler." in page
    assert (
        submit_at(login, coordinator, url, "Anden udgave", day=date(2027, 1, 21)).status_code == 302
    )
    report.refresh_from_db()
    assert report.is_submitted and report.answers == {"refleksion": "Anden udgave"}
    assert Email.objects.filter(to=[cluster.scheme.secretariat_email]).count() == 2
    # Reopening a draft is refused with a message, and changes nothing.
    with time_machine.travel(local(date(2027, 1, 22), 10), tick=False):
        secretariat = login(world.users["secretariat_kiap"])
        secretariat.post(url + "genaabn/", {"reason": "Igen"})
        response = secretariat.post(url + "genaabn/", {"reason": "Igen igen"}, follow=True)
    assert "ikke indsendt" in response.content.decode()
    assert StatusReport.objects.get(pk=report.pk).reopen_count == 2


def test_save_and_submit_post_to_their_own_urls(world, login):
    url = f"/klynger/{world.cluster_a.slug}/aar/status/2026/"
    with time_machine.travel(local(date(2027, 1, 15), 10), tick=False):
        page = login(world.users["coordinator"]).get(url).content.decode()
        assert f'action="{url}"' in page and f'formaction="{url}indsend/"' in page
        assert 'name="action"' not in page
        assert login(world.users["coordinator"]).get(url + "indsend/").status_code == 405
    assert submit_at(login, world.users["member"], url, "Medlemmets svar").status_code == 403
    assert submit_at(login, world.users["secretariat_kiap"], url, "Svar").status_code == 403
    assert not StatusReport.objects.exists()
