"""The secretariat's inbox, the export of approved claims, and the honorarium payout list."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from klynge.clusters.models import Post
from klynge.conftest import make_person
from klynge.lib.tests.amounts import nb
from klynge.money.models import Claim, HonorariumPayment
from klynge.money.tests import factories

pytestmark = pytest.mark.django_db


def approved(cluster, amount="1000", when=(2026, 3, 10)):
    claim = factories.claim(cluster, factories.meeting(cluster, when=when),
                            lines=[("catering", amount)])  # fmt: skip
    claim.status = Claim.Status.APPROVED
    claim.computed_refund = claim.approved_amount = D(amount)
    claim.save()
    return claim


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_inbox_lists_only_the_schemes_claims_in_constant_queries(world, login):
    client = login(world.users["secretariat_kiap"])
    url = reverse("money:inbox")
    submitted = factories.claim(world.cluster_a, lines=[("catering", "100")])
    submitted.status = Claim.Status.SUBMITTED
    submitted.save()
    approved(world.cluster_b)
    foreign = approved(world.cluster_e)
    response = client.get(url)
    assert submitted.meeting.title in response.text
    assert reverse("money:claim", args=["klynge-e", foreign.pk]) not in response.text
    # See the inbox view's docstring (klynge/money/views/secretariat.py).
    few = queries(client, url)
    for day in range(1, 9):
        approved(world.cluster_b, when=(2026, 4, day))
        extra = factories.claim(world.cluster_a, factories.meeting(world.cluster_a,
                                when=(2026, 5, day)), lines=[("room", "50")])  # fmt: skip
        extra.status = Claim.Status.SUBMITTED
        extra.save()
    # Counted warm, as the key pages are: the new claims changed the clusters' balances, which the
    # first request computes again (klynge/lib/derived.py).
    client.get(url)
    assert queries(client, url) == few


def test_export_of_approved_claims_as_xlsx_and_csv(world, login):
    claim = approved(world.cluster_a, "8250.50")
    approved(world.cluster_e, "999")  # the other scheme's claim is not exported
    client = login(world.users["secretariat_kiap"])
    xlsx = client.get(reverse("money:export_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Krav nr."
    assert [(r[0], r[1], r[8]) for r in rows[1:]] == [(claim.pk, "Klynge klynge-a", 8250.5)]
    text = client.get(reverse("money:export_csv")).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[1][1] == "Klynge klynge-a" and table[1][8] == "8.250,50"
    assert len(table) == 2


def ekvis_coordinators(world):
    """Cluster E changes coordinator on 15 October 2026; the first one's month is October."""
    first = make_person("Første Koordinator")
    second = make_person("Anden Koordinator")
    Post.objects.create(cluster=world.cluster_e, person=first, kind="coordinator",
                        start=date(2024, 4, 1), end=date(2026, 10, 14))  # fmt: skip
    Post.objects.create(cluster=world.cluster_e, person=second, kind="coordinator",
                        start=date(2026, 10, 15))  # fmt: skip
    return first, second


def test_payout_list_splits_by_whole_months(world, login):
    first, second = ekvis_coordinators(world)
    client = login(world.users["secretariat_ekvis"])
    response = client.get(reverse("money:payouts", args=[2026]))
    assert nb("29.166,67 kr.") in response.text and nb("20.833,33 kr.") in response.text
    assert nb("50.000,00 kr.") in response.text
    text = client.get(reverse("money:payouts_csv", args=[2026])).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [(r[0], r[6], r[7], r[8]) for r in table[1:]] == [
        ("Første Koordinator", "7", "29.166,67", "B-indkomst"),
        ("Anden Koordinator", "5", "20.833,33", "B-indkomst"),
    ]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("money:payouts_xlsx", args=[2026])).content)
    ).active
    assert sum(row[7] for row in sheet.iter_rows(min_row=2, values_only=True)) == 50000
    # KiAP's secretariat sees none of eKVIS's honoraria.
    other = login(world.users["secretariat_kiap"]).get(reverse("money:payouts", args=[2026]))
    assert "Første Koordinator" not in other.text


def test_marking_the_payouts_paid_is_recorded_with_who_and_when(world, login):
    ekvis_coordinators(world)
    client = login(world.users["secretariat_ekvis"])
    client.post(reverse("money:payouts", args=[2026]))
    payments = HonorariumPayment.objects.order_by("amount")
    assert [(p.months, p.amount) for p in payments] == [(5, D("20833.33")), (7, D("29166.67"))]
    assert all(p.history.first().history_user == world.users["secretariat_ekvis"] for p in payments)
    email = world.users["secretariat_ekvis"].email
    assert all(p.history.first().history_actor == email for p in payments)
    client.post(reverse("money:payouts", args=[2026]))
    assert HonorariumPayment.objects.count() == 2  # not paid twice


def test_marking_paid_is_a_service_that_records_each_share_once(world):
    from klynge.clusters.models import Scheme
    from klynge.money import honoraria, services

    ekvis_coordinators(world)
    scheme = Scheme.objects.get(pk=world.cluster_e.scheme_id)
    start = honoraria.honorarium_period(scheme, 2026)[0]
    rows = honoraria.honoraria([world.cluster_e], start)
    by = world.users["secretariat_ekvis"]
    assert services.mark_honoraria_paid(rows, start, by=by) == 2
    assert services.mark_honoraria_paid(rows, start, by=by) == 0  # the same rows again: once


def test_kiap_honoraria_follow_the_assembly_decision(world, login):
    from klynge.clusters.models import ClusterRules

    ClusterRules.objects.create(cluster=world.cluster_a, valid_from=date(2025, 3, 15),
                                coordinator_honorarium=D("12000"), board_honorarium=D("3000"))  # fmt: skip
    response = login(world.users["secretariat_kiap"]).get(reverse("money:payouts", args=[2026]))
    assert "Karen Koordinator" in response.text and nb("12.000,00 kr.") in response.text
    assert "Bent Bestyrelse" in response.text and nb("3.000,00 kr.") in response.text


def test_payout_list_queries_do_not_grow_with_clusters(world, login):
    from klynge.conftest import make_cluster

    client = login(world.users["secretariat_ekvis"])
    url = reverse("money:payouts", args=[2026])
    ekvis_coordinators(world)
    few = queries(client, url)
    for index in range(5):
        cluster = make_cluster(world.ekvis, f"oejne-{index}", world.region)
        Post.objects.create(cluster=cluster, person=make_person(f"K {index}"), kind="coordinator",
                            start=date(2025, 1, 1))  # fmt: skip
    assert queries(client, url) == few


def test_members_and_outsiders_cannot_see_honoraria(world, login):
    url = reverse("money:honorarium", args=["klynge-a", 2026])
    assert login(world.users["member"]).get(url).status_code == 403
    assert login(world.users["secretariat_ekvis"]).get(url).status_code == 404
    assert login(world.users["other_coordinator"]).get(url).status_code == 404
    assert (
        login(world.users["member"]).get(reverse("money:payouts", args=[2026])).status_code == 403
    )
    assert login(world.users["board"]).get(url).status_code == 200
