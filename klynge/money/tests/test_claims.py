"""Claims: lines with receipts, the rule in words, the pack, and the status changes with e-mails."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email
from pypdf import PdfReader

from klynge.lib.tests.amounts import nb
from klynge.money import figures, jobs, lookups, services
from klynge.money.models import Claim, ExpenseLine
from klynge.money.tests import factories
from klynge.money.tests.factories import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def held_meeting(ekvis, venue="outside", when=(2026, 3, 10), present=("coordinator", "owner1",
                 "owner2", "employed", "trainee", "staff"), excused=()):  # fmt: skip
    meeting = factories.meeting(ekvis["cluster"], when=when, venue_type=venue)
    roles = {"trainee": "trainee", "staff": "staff", "employed": "employed"}
    for key in present:
        factories.attend(meeting, ekvis["people"][key], role=roles.get(key, "owner"))
    for key in excused:
        factories.attend(meeting, ekvis["people"][key], role="owner", attendance="excused")
    return meeting


def line_data(**extra):
    data = {
        "kind": "catering",
        "supplier": "Restaurant Havnen ApS",
        "supplier_cvr": "12345678",
        "date": "2026-03-10",
        "description": "Middag",
        "amount": "1.900,00",
        "receipt_file": SimpleUploadedFile("kvittering.pdf", PDF_BYTES, "application/pdf"),
    }
    data.update(extra)
    return data


def test_only_specialists_present_count(ekvis):
    meeting = held_meeting(ekvis, present=("coordinator", "owner1", "employed", "trainee", "staff"),
                           excused=("owner2",))  # fmt: skip
    assert figures.specialists_present(meeting) == 3


def test_a_claim_is_for_one_of_its_own_clusters_meetings(ekvis, world):
    """The figures find a cluster's claims through its meetings too: another cluster's meeting is
    refused, and nothing is written."""
    other = factories.meeting(world.cluster_a)
    user = ekvis["people"]["coordinator"].user
    with pytest.raises(ValidationError, match="Mødet hører ikke til klyngen"):
        services.start_claim(ekvis["cluster"], other, by=user)
    assert not Claim.objects.exists()
    own = services.start_claim(ekvis["cluster"], held_meeting(ekvis), by=user)
    found = figures.pot_claims({ekvis["cluster"].pk}, {2026})
    assert [c.key for c in found[ekvis["cluster"].pk, 2026]] == [own.pk]


def test_claim_page_writes_the_rule_out_in_words(ekvis, login):
    meeting = held_meeting(ekvis)
    claim = factories.claim(
        ekvis["cluster"], meeting, lines=[("catering", "3900"), ("room", "1000")]
    )
    response = login(ekvis["user"]).get(reverse("money:claim", args=["klynge-e", claim.pk]))
    assert response.status_code == 200
    # coordinator, two owners, one employed = 4 specialists; trainee and secretary do not count.
    assert nb(
        "4 speciallæger × 750 kr. = 3.000 kr.; dokumenteret 4.900 kr.; refusion 3.000 kr."
    ) in (response.text)


def test_add_a_line_with_a_receipt(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    client = login(ekvis["user"])
    url = reverse("money:line_add", args=["klynge-e", claim.pk])
    response = client.post(url, line_data())
    assert response.status_code == 302
    line = claim.lines.get()
    assert (line.amount, line.receipt_kind, line.receipt_name) == (
        D("1900.00"),
        "pdf",
        "kvittering.pdf",
    )
    assert line.receipt.name.startswith("receipts/") and "kvittering" not in line.receipt.name
    download = client.get(reverse("money:receipt", args=["klynge-e", claim.pk, line.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["X-Content-Type-Options"] == "nosniff"


def test_htmx_add_returns_the_editor_with_the_new_refund(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    response = login(ekvis["user"]).post(
        reverse("money:line_add", args=["klynge-e", claim.pk]),
        line_data(amount="2000", receipt_file=SimpleUploadedFile("bon.png", PNG_BYTES)),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="claim-editor"' in response.text
    assert "<html" not in response.text
    assert nb("dokumenteret 2.000 kr.; refusion 2.000 kr.") in response.text


def test_html_renamed_pdf_is_refused_with_a_danish_message(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    html = SimpleUploadedFile("kvittering.pdf", b"<!DOCTYPE html><html><body>x</body></html>",
                              "application/pdf")  # fmt: skip
    response = login(ekvis["user"]).post(
        reverse("money:line_add", args=["klynge-e", claim.pk]), line_data(receipt_file=html)
    )
    assert response.status_code == 400
    assert "Filen kvittering.pdf er ikke en gyldig fil af de tilladte typer (PDF, JPEG, PNG)." in (
        response.content.decode()
    )
    assert 'value="Restaurant Havnen ApS"' in response.text  # what the user typed is kept
    assert not claim.lines.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "12,345", "Beløbet kan højst have 2 decimaler (øre)."),
        ("amount", "-5", "Beløbet må ikke være negativt."),
        ("amount", "mange", "Skriv beløbet som et tal, fx 1234,50."),
        ("supplier_cvr", "1234", "Et CVR-nummer har 8 cifre."),
        ("supplier", "", "Skriv leverandørens navn."),
    ],
)
def test_bad_line_input_gets_a_danish_message(ekvis, login, field, value, message):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    response = login(ekvis["user"]).post(
        reverse("money:line_add", args=["klynge-e", claim.pk]), line_data(**{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not claim.lines.exists()


def submitted_claim(ekvis, login):
    meeting = held_meeting(ekvis)
    claim = factories.claim(ekvis["cluster"], meeting, user=ekvis["user"],
                            lines=[("catering", "3900"), ("speaker", "2500")])  # fmt: skip
    response = login(ekvis["user"]).post(reverse("money:submit", args=["klynge-e", claim.pk]))
    assert response.status_code == 302
    claim.refresh_from_db()
    return claim


def pack_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.mark.real_pdf
def test_submit_mails_the_secretariat_and_the_worker_makes_the_pack(ekvis, login):
    claim = submitted_claim(ekvis, login)
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.computed_refund == D("3000.00") + D("2500.00")
    assert nb("refusion 3.000 kr.") in claim.rule_text
    assert claim.submitted_by == ekvis["user"]
    to = {tuple(e.to) for e in Email.objects.all()}
    assert ("ekvis@dadl.dk",) in to
    assert ("eva@example.dk",) in to
    last = claim.history.first()
    assert (last.status, last.history_user) == ("submitted", ekvis["user"])
    assert not claim.pack  # not made in the coordinator's request

    assert jobs.run_due(timezone.now()) == 1
    claim.refresh_from_db()
    text, pages = pack_text(claim.pack.read())
    assert "Deltagerliste" in text and "Ole Ejer" in text and "Ulla Uddannelse" in text
    assert pages >= 3  # the claim, then two appended PDF receipts
    assert claim.history.first().history_actor == "system: send_due:money"
    assert jobs.run_due(timezone.now()) == 0


@pytest.mark.real_pdf
def test_the_secretariat_opening_the_pack_before_the_worker_gets_it_made_and_kept(
    ekvis, world, login
):
    claim = submitted_claim(ekvis, login)
    url = reverse("money:pack", args=["klynge-e", claim.pk])
    secretariat = login(world.users["secretariat_ekvis"])
    first = secretariat.get(url)
    assert first.status_code == 200
    assert "Deltagerliste" in pack_text(first.content)[0]
    claim.refresh_from_db()
    assert claim.pack
    with claim.pack.open("rb") as handle:
        assert handle.read() == first.content
    assert secretariat.get(url).content == first.content  # the kept pack, not a new one
    assert jobs.run_due(timezone.now()) == 0


def test_submit_refuses_lines_without_receipts(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    factories.line(claim, "catering", "100", receipt=False)
    response = login(ekvis["user"]).post(
        reverse("money:submit", args=["klynge-e", claim.pk]), follow=True
    )
    assert "Alle udgifter skal have et bilag" in response.text
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert not Email.objects.exists()


def test_secretariat_approves_and_marks_paid(ekvis, world, login):
    claim = submitted_claim(ekvis, login)
    client = login(world.users["secretariat_ekvis"])
    inbox = client.get(reverse("money:inbox"))
    assert claim.meeting.title in inbox.text
    url = reverse("money:decide", args=["klynge-e", claim.pk])
    response = client.post(url, {"decision": "approve", "amount": "", "comment": "Fint"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == ("approved", D("5500.00"))
    assert claim.decided_by == world.users["secretariat_ekvis"]
    assert Email.objects.filter(
        subject__contains="godkendt", to__contains="eva@example.dk"
    ).exists()
    client.post(reverse("money:paid", args=["klynge-e", claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "paid" and claim.paid_at is not None
    assert [h.status for h in claim.history.order_by("history_date", "history_id")] == [
        "draft", "submitted", "approved", "paid",
    ]  # fmt: skip


def test_secretariat_may_approve_less_but_not_more_than_documented(ekvis, world, login):
    claim = submitted_claim(ekvis, login)
    client = login(world.users["secretariat_ekvis"])
    url = reverse("money:decide", args=["klynge-e", claim.pk])
    response = client.post(url, {"decision": "approve", "amount": "6400,01", "comment": ""})
    assert response.status_code == 400
    assert "kan ikke være større end det dokumenterede" in response.text
    client.post(url, {"decision": "approve", "amount": "5000", "comment": "Uden vin"})
    claim.refresh_from_db()
    assert claim.approved_amount == D("5000.00")


def test_reject_needs_a_reason_then_reopen_and_resubmit(ekvis, world, login):
    claim = submitted_claim(ekvis, login)
    client = login(world.users["secretariat_ekvis"])
    url = reverse("money:decide", args=["klynge-e", claim.pk])
    response = client.post(url, {"decision": "reject", "comment": " "})
    assert response.status_code == 400
    assert "Skriv begrundelsen for afvisningen." in response.text
    claim.refresh_from_db()
    assert claim.status == "submitted"
    client.post(url, {"decision": "reject", "comment": "Bilaget mangler CVR-nummer."})
    claim.refresh_from_db()
    assert claim.status == "rejected"
    mail = Email.objects.get(subject__contains="afvist")
    assert "Bilaget mangler CVR-nummer." in mail.message
    coordinator = login(ekvis["user"])
    coordinator.post(reverse("money:reopen", args=["klynge-e", claim.pk]))
    coordinator.post(reverse("money:submit", args=["klynge-e", claim.pk]))
    claim.refresh_from_db()
    assert (claim.status, claim.round) == ("submitted", 2)
    assert Email.objects.filter(to__contains="ekvis@dadl.dk").count() == 2


def test_the_other_schemes_secretariat_and_other_clusters_see_nothing(ekvis, world, login):
    claim = submitted_claim(ekvis, login)
    for persona in ("secretariat_kiap", "other_coordinator", "coordinator"):
        client = login(world.users[persona])
        for name in ("money:claim", "money:pack", "money:decide"):
            assert client.get(reverse(name, args=["klynge-e", claim.pk])).status_code == 404
        if persona == "secretariat_kiap":
            assert claim.meeting.title not in client.get(reverse("money:inbox")).text
    # A claim is fetched through its cluster: cluster A's URL with E's claim is a 404.
    client = login(world.users["coordinator"])
    assert client.get(reverse("money:claim", args=["klynge-a", claim.pk])).status_code == 404


def test_member_cannot_see_claims(world, login):
    claim = factories.claim(world.cluster_a, lines=[("catering", "100")])
    response = login(world.users["member"]).get(reverse("money:claim", args=["klynge-a", claim.pk]))
    assert response.status_code == 403


def test_fifth_meeting_is_flagged_not_refused(ekvis):
    for month in (1, 2, 3, 4):
        held_meeting(ekvis, when=(2026, month, 5), present=("owner1",))
    fifth = held_meeting(ekvis, when=(2026, 5, 5), present=("owner1",))
    claim = factories.claim(ekvis["cluster"], fifth, lines=[("catering", "500")])
    assessment = figures.assess(claim)
    assert assessment.catering.meeting_number == 5
    assert assessment.refund == D("0.00")
    assert any("5. afholdte møde" in w for w in assessment.warnings)


def test_a_meetings_year_is_its_danish_calendar_year(ekvis):
    """Late on New Year's Eve is the old year, just after midnight the new, in Danish time; the
    year in UTC would put both in the old year (its number, its pot)."""
    cluster = ekvis["cluster"]
    eve, night = (factories.meeting(cluster, when=when) for when in ((2026, 12, 31), (2027, 1, 1)))
    eve.start = eve.start.replace(hour=23, minute=30)
    night.start = night.start.replace(hour=0, minute=30)  # 23:30 on 31 December in UTC
    for meeting in (eve, night):
        meeting.save()
    claim = factories.claim(cluster, night, lines=[("speaker", "100")])
    held = figures.held_meetings({cluster.pk}, {2026})
    assert [pk for pk, _day, _venue in held[cluster.pk]] == [eve.pk]
    assert figures.planned_numbers(cluster, {2027}) == {night.pk: 1}
    pots = figures.pot_claims({cluster.pk}, {2026, 2027})
    assert [c.key for c in pots[cluster.pk, 2027]] == [claim.pk]
    assert (cluster.pk, 2026) not in pots


def test_the_pot_is_shared_across_the_years_claims_in_date_order(ekvis):
    early = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2026, 2, 1)),
                            lines=[("speaker", "5000"), ("transport", "2000")])  # fmt: skip
    late = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2026, 9, 1)),
                           lines=[("speaker", "4000"), ("other", "2000")])  # fmt: skip
    other_year = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2027, 1, 10)),
                                 lines=[("speaker", "6000")])  # fmt: skip
    assert figures.assess(early).pot.refund == D("7000.00")
    late_share = figures.assess(late)
    assert late_share.pot.refunds == (D("3000.00"), D("0.00"))
    assert late_share.pot.own_cost == D("3000.00")
    assert late_share.pot_spent and any("brugt op" in w for w in late_share.warnings)
    assert figures.assess(other_year).pot.refund == D("6000.00")
    early.status = Claim.Status.REJECTED
    early.save()
    assert figures.assess(late).pot.refund == D("6000.00")


def test_a_virtual_first_meeting_leaves_four_refundable_places(ekvis):
    held_meeting(ekvis, venue="virtual", when=(2026, 1, 5), present=("owner1",))
    for month in (2, 3, 4):
        held_meeting(ekvis, when=(2026, month, 5), present=("owner1",))
    fourth = held_meeting(ekvis, when=(2026, 5, 5), present=("owner1",))
    claim = factories.claim(ekvis["cluster"], fourth, lines=[("catering", "500")])
    assessment = figures.assess(claim)
    assert assessment.catering.meeting_number == 4
    assert assessment.refund == D("500.00") and not assessment.beyond_meeting_limit


def test_virtual_meeting_refunds_no_catering(ekvis):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis, venue="virtual"),
                            lines=[("catering", "800")])  # fmt: skip
    assert figures.assess(claim).refund == D("0.00")


def test_rulebook_changing_mid_year_uses_the_meetings_date(ekvis):
    from datetime import date

    from klynge.clusters.models import RulebookVersion

    RulebookVersion.objects.create(
        scheme=ekvis["cluster"].scheme, valid_from=date(2026, 7, 1), catering_rate=D("600"),
        catering_rate_outside=D("900"), refundable_meetings_per_year=4,
        speaker_cap_per_year=D("10000"),
    )  # fmt: skip
    spring = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2026, 3, 1),
                             present=("owner1",)), lines=[("catering", "5000")])  # fmt: skip
    autumn = factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2026, 9, 1),
                             present=("owner1",)), lines=[("catering", "5000")])  # fmt: skip
    assert figures.assess(spring).refund == D("750.00")
    assert figures.assess(autumn).refund == D("900.00")


def test_kiap_claim_beyond_the_balance_is_warned_and_approval_moves_the_balance(world, login):
    from klynge.members.models import ListedPatients

    ListedPatients.objects.create(clinic=world.clinic_a1, year=2026, count=1000)
    claim = factories.claim(world.cluster_a, factories.meeting(world.cluster_a),
                            lines=[("catering", "4000"), ("transport", "300")])  # fmt: skip
    assessment = figures.assess(claim)
    assert assessment.refund == D("4300.00")  # PLO pays documented costs from the account
    assert any("større end klyngens saldo" in w for w in assessment.warnings)
    assert lookups.account_status(world.cluster_a, 2026).balance == D("3650.00")
    services.submit(claim, by=world.users["coordinator"])
    services.decide(claim, by=world.users["secretariat_kiap"], approve=True, amount=D("3000"))
    assert lookups.account_status(world.cluster_a, 2026).balance == D("650.00")


@pytest.mark.real_pdf
def test_pack_preview_for_a_draft_embeds_image_receipts(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    line = ExpenseLine.objects.create(
        claim=claim, kind="room", supplier="Mødelokaler A/S", date="2026-03-10", amount=D("900"),
        receipt_kind="png", receipt_name="bon.png",
    )  # fmt: skip
    line.receipt.save("receipts/bon.png", SimpleUploadedFile("bon.png", PNG_BYTES))
    response = login(ekvis["user"]).get(reverse("money:pack", args=["klynge-e", claim.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Bilag 1: Mødelokaler A/S" in text


def test_overview_uses_a_constant_number_of_queries(ekvis, login, django_assert_num_queries):
    client = login(ekvis["user"])
    url = reverse("money:overview", args=["klynge-e"])
    factories.claim(ekvis["cluster"], held_meeting(ekvis), lines=[("catering", "100")])
    client.get(url)
    # session, user, cluster, person, posts, membership, claims, claimable count, savepoints.
    with django_assert_num_queries(NUM := _count(client, url)):
        client.get(url)
    for day in range(2, 8):
        factories.claim(ekvis["cluster"], held_meeting(ekvis, when=(2026, 4, day)),
                        lines=[("catering", "100"), ("room", "50")])  # fmt: skip
    with django_assert_num_queries(NUM):
        client.get(url)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_a_pdf_that_cannot_be_opened_is_refused(ekvis, login):
    claim = factories.claim(ekvis["cluster"], held_meeting(ekvis))
    broken = SimpleUploadedFile(
        "skannet.pdf", b"%PDF-1.4\n garbage without pages", "application/pdf"
    )
    response = login(ekvis["user"]).post(
        reverse("money:line_add", args=["klynge-e", claim.pk]), line_data(receipt_file=broken)
    )
    assert response.status_code == 400
    assert "PDF-filen skannet.pdf kan ikke læses." in response.content.decode()
    assert not claim.lines.exists()
