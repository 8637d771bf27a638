"""The year in the browser: the wheel on the dashboard, the assembly notice, directory consent."""

import pytest

from klynge.conftest import axe_violations, session_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_violations(page):
    violations = axe_violations(page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]


def test_coordinator_runs_the_year_in_the_browser(demo, page, blank_pdfs):
    # Blank PDFs in the notice: this test reads pages, not documents.
    session_login(page, "koordinator@example.dk")
    page.goto("/")
    assert page.get_by_role("heading", name="Din opgaveliste").is_visible()
    page.get_by_role("link", name="Hele årshjulet og tidslinjen").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Årshjul")
    assert page.get_by_role("heading", name="Tjekliste").is_visible()
    no_violations(page)

    # The general assembly planned for March: send the final notice with the agenda.
    page.goto("/klynger/roskilde/aar/generalforsamling/")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert "Koordinatorens beretning" in page.content()
    no_violations(page)
    page.get_by_role("link", name="Se og send indkaldelsen").click()
    page.wait_for_load_state()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Send indkaldelsen til alle medlemmer").click()
    page.wait_for_load_state()
    assert "Den endelige indkaldelse med dagsorden er sendt" in page.content()

    # Consent to the public directory, withdrawn from the profile.
    page.goto("/profil/")
    page.get_by_role("button", name="Træk samtykket tilbage").click()
    page.wait_for_load_state()
    assert "fjernet fra den offentlige oversigt" in page.content()
    no_violations(page)
    page.goto("/klyngeoversigt/")
    assert page.get_by_text("koordinator@example.dk", exact=True).count() == 0
    assert page.get_by_text("ekvis.koordinator@example.dk", exact=True).count() == 1
    no_violations(page)
    assert page.foreign_requests == []
