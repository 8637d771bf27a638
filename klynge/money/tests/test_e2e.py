"""In the browser: the eKVIS coordinator files a claim with a receipt for a held meeting, and the
eKVIS secretariat approves it from its inbox."""

import pytest

from klynge.conftest import axe_violations, session_login
from klynge.money.models import Claim
from klynge.money.tests import factories
from klynge.money.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_claims_and_secretariat_approves(world, ekvis, page):
    meeting = factories.meeting(ekvis["cluster"], when=(2026, 3, 10), title="Klyngemøde om AMD")
    for key in ("coordinator", "owner1", "owner2", "trainee"):
        factories.attend(meeting, ekvis["people"][key],
                         role="trainee" if key == "trainee" else "owner")  # fmt: skip
    page.on("dialog", lambda dialog: dialog.accept())

    session_login(page, "eva@example.dk")
    page.goto("/klynger/klynge-e/oekonomi/")
    page.get_by_role("link", name="Nyt refusionskrav").click()
    page.get_by_label("Møde").select_option(label=str(meeting))
    page.get_by_role("button", name="Opret krav").click()
    page.get_by_role("heading", name="Refusionskrav: Klyngemøde om AMD").wait_for()

    # An HTML page renamed .pdf is refused next to the field; nothing is saved.
    page.get_by_label("Udgiftstype").select_option("catering")
    page.get_by_label("Leverandør", exact=True).fill("Hotel Hillerød A/S")
    page.get_by_label("Bilagsdato").fill("2026-03-10")
    page.get_by_label("Beløb (kr.)").fill("2.600,00")
    receipt = page.get_by_label("Bilag (PDF, JPEG eller PNG)")
    receipt.set_input_files(
        {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}
    )
    page.get_by_role("button", name="Tilføj udgift").click()
    page.get_by_text("Filen faktura.pdf er ikke en gyldig fil").wait_for()
    assert Claim.objects.get().lines.count() == 0

    # A real PDF: the refund is recomputed in place (htmx) and written out in words.
    page.get_by_label("Bilag (PDF, JPEG eller PNG)").set_input_files(
        {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Tilføj udgift").click()
    page.get_by_text(
        "3 speciallæger × 750 kr. = 2.250 kr.; dokumenteret 2.600 kr.; refusion 2.250 kr."
    ).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lav refusionspakke og indsend til eKVIS").click()
    page.get_by_text("Kravet er indsendt til eKVIS").wait_for()
    assert Claim.objects.get().status == Claim.Status.SUBMITTED

    with page.expect_navigation():
        page.get_by_role("button", name="Log af").click()
    session_login(page, "sekretariat.ekvis@example.dk")
    page.goto("/sekretariat/oekonomi/")
    page.get_by_role("link", name=str(meeting)).click()
    page.get_by_label("Godkend", exact=True).check()
    page.get_by_role("button", name="Gem afgørelse").click()
    page.get_by_text("Kravet er godkendt.").wait_for()
    claim = Claim.objects.get()
    assert (claim.status, str(claim.approved_amount)) == ("approved", "2250.00")
    assert axe_violations(page) == []
    assert page.foreign_requests == []
