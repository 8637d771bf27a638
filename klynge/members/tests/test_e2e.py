"""The demo coordinator keeps the member list in the browser: search, add, doubt, end, notice,
January check, import and consents, without an error page and without accessibility errors."""

import pytest
from playwright.sync_api import expect

from klynge.conftest import axe_violations, session_login
from klynge.members.models import JanuaryCheck, LeaveNotice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_error(page):
    assert page.locator("h1").count() >= 1
    heading = page.locator("h1").first.inner_text()
    assert "Server Error" not in heading and "Not Found" not in heading, heading


def test_coordinator_keeps_the_member_list(demo, page, tmp_path):
    session_login(page, "koordinator@example.dk")
    page.goto("/")
    page.get_by_role("link", name="Kvalitetsklyngen Roskilde").first.click()
    page.get_by_role("link", name="Medlemsliste").click()
    expect(page.locator("h1")).to_have_text("Medlemmer")
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]

    # Search: htmx replaces the results as the coordinator types
    page.select_option("#id_status", "all")
    page.fill("#id_q", "Ringstedvej")
    expect(page.get_by_role("link", name="Lægerne Ringstedvej")).to_be_visible()
    expect(page.locator("#member-results")).to_contain_text("1 klinik")

    # Add a clinic
    page.goto("/klynger/roskilde/medlemmer/ny/")
    page.fill("#id_ydernummer", "88123")
    page.fill("#id_name", "Lægerne Testvej")
    page.get_by_role("button", name="Indmeld klinikken").click()
    expect(page.locator("h1")).to_have_text("Lægerne Testvej")
    assert "088123" in page.content()

    # Mark in doubt, then end the membership and send the notice
    page.get_by_role("link", name="Tvivl om status").click()
    page.fill("#id_note", "Er klinikken solgt?")
    page.fill("#id_follow_up_by", "2030-01-01")
    page.get_by_role("button", name="Markér med tvivl").click()
    expect(page.get_by_text("Afklar status for Lægerne Testvej")).to_be_visible()
    # Ending it shows the notice for review and sends it in the same step.
    page.locator("summary", has_text="Afslut medlemskab").click()
    expect(page.locator("#notice-preview-heading")).to_be_visible()
    page.check("input[name=reason][value=left]")
    page.get_by_role("button", name="Afslut medlemskab").click()
    expect(page.get_by_text("beskeden er lagt i udbakken")).to_be_visible()
    notice = LeaveNotice.objects.get(membership__clinic__ydernummer="088123")
    assert notice.status == LeaveNotice.Status.SENT

    # January check
    page.goto("/klynger/roskilde/medlemmer/januartjek/")
    no_error(page)
    page.get_by_role("button", name="Listen er tjekket").click()
    expect(page.get_by_text("Listen over ydernumre er markeret som tjekket")).to_be_visible()
    assert JanuaryCheck.objects.filter(cluster__slug="roskilde").count() == 2

    # Import: preview, then confirm
    upload = tmp_path / "medlemmer.csv"
    upload.write_text(
        "ydernummer;klinik;navn;rolle;email\n"
        "091234;Lægerne Importvej;Ib Import;Ejerlæge;ib.import@example.dk\n",
        encoding="utf-8",
    )
    page.goto("/klynger/roskilde/medlemmer/import/")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    expect(page.get_by_text("Ny klinik")).to_be_visible()
    page.get_by_role("button", name="Bekræft og importér").click()
    expect(page.get_by_text("Importen er gennemført")).to_be_visible()

    # Consents
    page.goto("/klynger/roskilde/medlemmer/samtykker/")
    no_error(page)
    assert "mangler samtykke" in page.content()
    assert page.foreign_requests == []
