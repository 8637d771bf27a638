"""The secretariat's inbox as a work queue (issue 12): one page of submitted claims and the count,
sum and latest of the approved ones, in the same number of queries however large the scheme."""

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from klynge.clusters.models import AccessLog
from klynge.lib.tests.amounts import nb
from klynge.money.lookups import INBOX_PAGE_SIZE, INBOX_RECENT_APPROVED, inbox_figures
from klynge.money.models import Claim
from klynge.money.tests import factories

pytestmark = pytest.mark.django_db

START = datetime(2026, 5, 1, 9, 0, tzinfo=factories.CPH)


def submitted(cluster, number: int, user=None) -> Claim:
    """The `number`th claim submitted (numbers give the order), for the meeting "Møde-NN"."""
    meeting = factories.meeting(cluster, when=(2026, 1 + number // 28, 1 + number % 28),
                                title=f"Møde-{number:02d}")  # fmt: skip
    claim = factories.claim(cluster, meeting, lines=[("catering", "100")])
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_at = START + timedelta(hours=number)
    claim.submitted_by = user
    claim.save()
    return claim


def approved(cluster, number: int, amount: str, user=None) -> Claim:
    claim = submitted(cluster, number, user)
    claim.status = Claim.Status.APPROVED
    claim.computed_refund = D("1")  # not what is paid: the sum is of the approved amounts
    claim.approved_amount = D(amount)
    claim.decided_at = START + timedelta(days=30, hours=number)
    claim.save()
    return claim


def titles(text: str, numbers) -> list[int]:
    return [n for n in numbers if f"Møde-{n:02d}" in text]


def test_the_same_queries_with_3_and_with_60_claims(world, login, django_assert_num_queries):
    client = login(world.users["secretariat_kiap"])
    url = reverse("money:inbox")
    users = [world.users[key] for key in ("coordinator", "board", "other_coordinator")]
    for n in range(3):
        submitted([world.cluster_a, world.cluster_b][n % 2], n, users[n])
    approved(world.cluster_b, 3, "500", users[0])
    client.get(url)
    # session, user, scheme; the numbers with the latest approved claims; the page of submitted
    # claims with their submitters and the doctors present; the rulebooks, the held meetings, the
    # pot's claims and lines; the KiAP clusters' tokens (their balances are cached); the access log.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    for n in range(4, 61):
        submitted([world.cluster_a, world.cluster_b][n % 2], n, users[n % 3])
    for n in range(61, 81):
        approved([world.cluster_a, world.cluster_b][n % 2], n, "250", users[n % 3])
    client.get(url)  # the balances of the clusters whose claims changed are computed again
    with django_assert_num_queries(11):
        page = client.get(url).text
    assert len(titles(page, range(61))) == INBOX_PAGE_SIZE
    assert len(titles(page, range(61, 81))) == INBOX_RECENT_APPROVED


def test_page_two_shows_the_next_claims_and_a_bad_page_number_a_page(world, login):
    client = login(world.users["secretariat_kiap"])
    url = reverse("money:inbox")
    for n in range(30):
        submitted(world.cluster_a if n % 2 else world.cluster_b, n)
    first = client.get(url).text
    assert titles(first, range(30)) == list(range(INBOX_PAGE_SIZE))
    assert "30 indsendte krav venter" in first
    assert "Side 1 af 2" in first and "?side=2" in first
    assert titles(client.get(url, {"side": "2"}).text, range(30)) == list(range(25, 30))
    for garbage, shown in (("abc", range(25)), ("999", range(25, 30)), ("-1", range(25, 30))):
        response = client.get(url, {"side": garbage})
        assert response.status_code == 200
        assert titles(response.text, range(30)) == list(shown)


def test_the_filter_by_cluster_name_narrows_both_lists_and_the_page_links_keep_it(world, login):
    client = login(world.users["secretariat_kiap"])
    url = reverse("money:inbox")
    for n in range(60):
        submitted(world.cluster_a if n % 2 else world.cluster_b, n)
    approved(world.cluster_a, 61, "100")
    approved(world.cluster_b, 62, "200")
    page = client.get(url, {"klynge": "KLYNGE-B"}).text
    assert titles(page, range(60)) == list(range(0, 50, 2))
    assert "30 indsendte krav venter" in page
    assert "?klynge=KLYNGE-B&amp;side=2" in page
    assert titles(page, (61, 62)) == [62]
    assert nb("1 godkendt krav på i alt 200,00 kr.") in page
    second = client.get(url, {"klynge": "klynge-b", "side": "2"}).text
    assert titles(second, range(60)) == list(range(50, 60, 2))
    assert client.get(url, {"klynge": "x" * 101}).status_code == 200  # too long: unfiltered
    assert AccessLog.objects.filter(action="search").exists()


def test_the_approved_count_and_sum_are_exact_and_the_latest_are_shown(world, login):
    amounts = ["0.10", "0.20", "1234.55", "99999.99", "0.01"] + ["10.10"] * 10
    for n, amount in enumerate(amounts):
        approved(world.cluster_a if n % 2 else world.cluster_b, n, amount)
    approved(world.cluster_e, 20, "777")  # the other scheme's
    submitted(world.cluster_a, 30)
    figures = inbox_figures(world.kiap)
    assert (figures.submitted, figures.approved) == (1, 15)
    assert figures.approved_total == D("101335.85") and isinstance(figures.approved_total, D)
    latest = [claim.meeting.title for claim in figures.latest]
    assert latest == [f"Møde-{n:02d}" for n in range(14, 4, -1)]
    page = login(world.users["secretariat_kiap"]).get(reverse("money:inbox")).text
    assert nb("15 godkendte krav på i alt 101.335,85 kr.") in page
    assert "Her er de 10 senest godkendte" in page
    assert titles(page, range(21)) == list(range(5, 15))
    nothing = inbox_figures(world.kiap, "ingen klynge hedder sådan")
    assert (nothing.submitted, nothing.approved, nothing.approved_total, nothing.latest) == (
        0, 0, D(0), [])  # fmt: skip
    few = inbox_figures(world.kiap, "klynge-a", n=10)  # 7 approved in A, and the submitted one
    assert (few.submitted, few.approved, len(few.latest)) == (1, 7, 7)


def test_the_access_log_names_only_the_submitters_shown(world, login):
    client = login(world.users["secretariat_kiap"])
    users, people = world.users, world.people
    for n in range(30):
        submitted(world.cluster_a, n, users["coordinator" if n < 25 else "other_coordinator"])
    approved(world.cluster_a, 40, "100", users["member"])  # not shown: no submitter column

    def logged(**query) -> set:
        before = set(AccessLog.objects.values_list("pk", flat=True))
        client.get(reverse("money:inbox"), query)
        return set(AccessLog.objects.exclude(pk__in=before).values_list("subject", flat=True))

    assert logged() == {people["coordinator"].pk}
    assert logged(side="2") == {people["other_coordinator"].pk}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_inbox_with_its_filter_and_page_links_passes_axe(world, page):
    from klynge.conftest import axe_violations, session_login

    for n in range(60):
        submitted(world.cluster_a if n % 2 else world.cluster_b, n, world.users["coordinator"])
    approved(world.cluster_a, 40, "100")
    session_login(page, "sekretariat.plo@example.dk")
    page.goto(reverse("money:inbox"))
    page.get_by_label("Klyngens navn").fill("klynge-a")
    page.get_by_role("button", name="Søg").click()
    page.get_by_text("30 indsendte krav venter").wait_for()
    assert axe_violations(page, impacts=("minor", "moderate", "serious", "critical")) == []
    page.get_by_role("link", name="Næste").click()
    page.get_by_text("Side 2 af 2").wait_for()
    assert "klynge=klynge-a" in page.url
    assert axe_violations(page, impacts=("minor", "moderate", "serious", "critical")) == []
