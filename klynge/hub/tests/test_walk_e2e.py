"""The walk test: a coordinator clicks through a whole meeting cycle and the seed tasks from the
demo's dashboard, and the full page loads are counted (htmx requests are not page loads).

Limits (issue 17): the meeting cycle in at most 25 page loads; every single task at most 3 page
loads from the dashboard. The counts are printed (pytest -s) for the record.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from klynge.clusters.models import Cluster
from klynge.conftest import axe_violations, session_login
from klynge.meetings import services
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.tests.factories import PDF_BYTES
from klynge.year.models import StatusReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CYCLE_LIMIT = 25
TASK_LIMIT = 3
PDF = {"name": "data.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}


class Loads:
    """Counts the page's full loads (a document loaded; not htmx, not a jump to an anchor)."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        page.on("load", self.loaded)

    def loaded(self, _page):
        self.count += 1

    def click(self, role, name, *, within=None, exact=False):
        """Click a link or button that loads a page, and wait for the page."""
        place = within if within is not None else self.page
        with self.page.expect_navigation(wait_until="load"):
            place.get_by_role(role, name=name, exact=exact).first.click()


def no_violations(page):
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


@pytest.fixture
def walk(demo, page, blank_pdfs):
    """The demo, with blank PDFs: the walk counts page loads and opens no document (typesetting
    is tested in lib/tests/test_pdf.py and by each app's document tests). The coordinator is
    logged in by cookie, not through the form (accounts/tests/test_e2e.py tests that)."""
    page.on("dialog", lambda dialog: dialog.accept())
    session_login(page, "koordinator@example.dk")
    page.goto("/")
    return Loads(page)


def local(days: int) -> str:
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=17, minute=0).strftime("%Y-%m-%dT%H:%M")


def test_meeting_cycle_in_at_most_25_page_loads(walk, page, capsys):
    start = walk.count
    # Plan a meeting and find its date.
    walk.click("link", "Møder", within=page.locator(".klynge-sections"))
    walk.click("link", "Nyt møde")
    page.get_by_label("Titel").fill("Klyngemøde om KOL")
    walk.click("button", "Gem")
    page.get_by_label("Forslag 1").fill(local(30))
    page.get_by_label("Forslag 2").fill(local(37))
    walk.click("button", "Send forslagene")
    walk.click("button", "Vælg dato og giv besked")
    # Invite (the page chooses the members), then ring those who have not answered.
    walk.click("button", "Send invitationer")
    meeting = Meeting.objects.get(title="Klyngemøde om KOL")
    no_violations(page)
    walk.click("link", "Følg svarene")
    walk.click("link", "Klyngemøde om KOL", within=page.locator(".breadcrumbs"))
    # Three agenda items on the meeting page (htmx: no page loads), then one material.
    section = page.locator("#agenda-section")
    for title in ("Velkomst", "Data om KOL", "Aftaler"):
        page.locator("#id_punkt-title").fill(title)
        page.get_by_role("button", name="Tilføj punktet").click()
        section.locator("strong", has_text=title).wait_for()
    assert meeting.agenda.exclude(is_followup=True).count() == 3
    page.locator("#agenda-section input[type=file]").set_input_files(files=[PDF])
    walk.click("button", "Læg op")
    walk.click("button", "Send dagsorden og materiale til de inviterede")
    assert Meeting.objects.get(pk=meeting.pk).materials_sent_at is not None
    before_the_day = walk.count - start

    # The members answer by e-mail; the meeting day comes.
    meeting.invitations.update(answer=Invitation.Answer.YES)
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(minutes=10), end=timezone.now() + timedelta(hours=2)
    )
    page.goto("/")
    walk.click("link", "Møder", within=page.locator(".klynge-sections"))
    walk.click("link", "Klyngemøde om KOL")
    walk.click("link", "Registrér fremmødet")
    walk.click("button", "Alle der meldte ja, er mødt")
    walk.click("button", "Afslut registrering")
    walk.click("link", "Klyngemøde om KOL", within=page.locator(".breadcrumbs"))
    outcomes = page.locator("#outcomes-section")
    page.locator("#id_beslutning-text").fill("Vi måler blodtryk ens")
    page.get_by_role("button", name="Tilføj beslutning").click()
    outcomes.locator("li", has_text="Vi måler blodtryk ens").wait_for()
    page.locator("#id_opfoelgning-text").fill("Tjek egne tal for KOL")
    page.locator("#id_opfoelgning-due_next_meeting").check()
    page.get_by_role("button", name="Tilføj opfølgning").click()
    outcomes.locator("li", has_text="Tjek egne tal for KOL").wait_for()
    no_violations(page)
    walk.click("button", "Send deltagerlisten")
    assert Meeting.objects.get(pk=meeting.pk).attendance_list_sent_at is not None
    walk.click("button", "Søg refusion")
    line = page.locator("#claim-line-form")
    line.locator("select[name=kind]").select_option(index=1)
    line.locator("[name=supplier]").fill("Cafe Vigen")
    line.locator("[name=date]").fill(timezone.localdate().isoformat())
    line.locator("[name=description]").fill("Forplejning")
    line.locator("[name=amount]").fill("1200")
    page.locator("#claim-line-form input[type=file]").set_input_files(files=[PDF])
    walk.click("button", "Lav refusionspakke og indsend")
    meeting.refresh_from_db()
    assert meeting.claim.status != "draft"
    total = walk.count - start
    with capsys.disabled():
        print(f"\nmeeting cycle: {total} page loads ({before_the_day} before the day)")
    assert total <= CYCLE_LIMIT


def held_three_days_ago():
    """A meeting just held, with people present: its claim and list are due now."""
    cluster = Cluster.objects.get(slug="roskilde")
    start = timezone.now() - timedelta(days=3)
    meeting = services.create_meeting(
        cluster, title="Klyngemøde om astma", start=start, end=start + timedelta(hours=3), by=None
    )
    services.invite(meeting, list(services.default_invitees(cluster))[:6], by=None)
    meeting.invitations.update(attendance=Invitation.Attendance.PRESENT)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)


def from_dashboard(walk, page, name, task) -> int:
    """Run one task from the dashboard; return its page loads (the dashboard itself not counted)."""
    page.goto("/")
    start = walk.count
    task(walk, page)
    return walk.count - start


def menu(page):
    return page.locator(".klynge-sections")


def todo(page):
    return page.locator(".klynge-panel")


def status_report(walk, page):
    walk.click("link", "KiAP's spørgeskema om klyngens aktivitet i", within=todo(page))
    walk.click("button", "Indsend til sekretariatet")
    assert StatusReport.objects.filter(status=StatusReport.Status.SUBMITTED).exists(), page.locator(
        ".alert, .form-error-message"
    ).all_inner_texts()


def handover(walk, page):
    walk.click("link", "Klyngekoordinator Martin Kjær: funktionsperioden udløber", exact=True)
    page.locator("select[name=successor]").select_option(index=1)
    page.locator("input[name=effective]").fill(
        (timezone.localdate() + timedelta(days=30)).isoformat()
    )
    walk.click("button", "Overdrag posten og giv sekretariatet besked")


def assembly_notice(walk, page):
    walk.click("link", "Endelig dagsorden til generalforsamlingen", within=todo(page))
    walk.click("button", "Send indkaldelsen til alle medlemmer")


def decision(walk, page):
    walk.click("link", "Møder", within=menu(page))
    page.locator("a", has_text="Klyngemøde").last.click()
    page.wait_for_load_state("load")
    page.locator("#id_beslutning-text").fill("Vi følger op på polyfarmaci")
    page.get_by_role("button", name="Tilføj beslutning").click()
    page.locator("#outcomes-section li", has_text="polyfarmaci").wait_for()


def claim(walk, page):
    walk.click("link", "Klyngemøde om astma: bilag og mødedeltagerliste til PLO", within=todo(page))
    walk.click("button", "Søg refusion")
    line = page.locator("#claim-line-form")
    line.locator("select[name=kind]").select_option(index=1)
    line.locator("[name=supplier]").fill("Cafe Vigen")
    line.locator("[name=date]").fill(timezone.localdate().isoformat())
    line.locator("[name=description]").fill("Forplejning")
    line.locator("[name=amount]").fill("900")
    line.locator("input[type=file]").set_input_files(files=[PDF])
    walk.click("button", "Lav refusionspakke og indsend")


def add_clinic(walk, page):
    walk.click("link", "Medlemmer", within=menu(page))
    walk.click("link", "Tilføj klinik")
    page.get_by_label("Ydernummer").fill("987654")
    page.get_by_text("Ydernummeret er nyt i Klynge").wait_for()
    page.get_by_label("Navn").first.fill("Lægehuset i Gadstrup")
    walk.click("button", "Indmeld klinikken")
    page.get_by_role("heading", name="Lægehuset i Gadstrup").wait_for()


def end_membership(walk, page):
    walk.click("link", "Medlemmer", within=menu(page))
    page.locator("table a").first.click()
    page.wait_for_load_state("load")
    page.get_by_text("Afslut medlemskab").first.click()
    page.locator("input[name=reason]").first.check()
    walk.click("button", "Afslut medlemskab")
    page.get_by_text("beskeden er lagt i udbakken").wait_for()


def budget(walk, page):
    walk.click("link", "Økonomi", within=menu(page))
    walk.click("link", f"Budget {timezone.localdate().year + 1}")
    page.locator("select[name=kind]").select_option(index=1)
    page.locator("input[name=description]").fill("Forplejning, fire møder")
    page.locator("input[name=amount]").fill("8000")
    walk.click("button", "Tilføj")


def test_every_seed_task_within_3_page_loads_of_the_dashboard(walk, page, capsys):
    no_violations(page)  # the dashboard: to-do list and menu
    counts = {}
    tasks = {
        "statusrapport": status_report,
        "overdragelse": handover,
        "generalforsamlingens endelige indkaldelse": assembly_notice,
        "en beslutning": decision,
        "et refusionskrav": claim,
        "tilføj en klinik": add_clinic,
        "udmeld en klinik med besked": end_membership,
        "næste års budget": budget,
    }
    held_three_days_ago()
    for name, task in tasks.items():
        counts[name] = from_dashboard(walk, page, name, task)
    with capsys.disabled():
        print("\nseed tasks (page loads from the dashboard):", counts)
    assert max(counts.values()) <= TASK_LIMIT, counts
