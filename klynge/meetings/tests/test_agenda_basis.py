"""The agenda's basis: each item may name what it builds on and the package order it uses; the
status report and the year's topic plan count them."""

from datetime import date

import pytest
from django.urls import reverse

from klynge.meetings.models import AgendaItem, Meeting
from klynge.year import report
from klynge.year.models import Package, PackageOrder
from klynge.year.tests.helpers import meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(world):
    package = Package.objects.create(title="Antibiotika <b>", provider_scheme=world.kiap)
    return PackageOrder.objects.create(cluster=world.cluster_a, package=package)


def agenda_url(m, *args):
    name = "meetings:agenda_item" if args else "meetings:agenda"
    return reverse(name, args=[m.cluster.slug, m.pk, *args])


def test_an_item_names_its_basis_and_package(login, world, order):
    m = meeting(world.cluster_a, date(2026, 12, 1))
    client = login(world.users["coordinator"])
    client.post(agenda_url(m), {"title": "Data om antibiotika", "package_order": order.pk})
    item = m.agenda.get(title="Data om antibiotika")
    assert (item.basis, item.package_order) == (AgendaItem.Basis.PACKAGE, order)
    page = client.get(agenda_url(m))
    assert "Grundlag: Klyngepakke · Antibiotika &lt;b&gt;" in page.text
    client.post(agenda_url(m), {"title": "Audit", "basis": "own_data"})
    assert m.agenda.get(title="Audit").basis == "own_data"


def test_a_package_of_another_cluster_or_a_bad_basis_is_refused(login, world, order):
    other = PackageOrder.objects.create(cluster=world.cluster_b, package=order.package)
    m = meeting(world.cluster_a, date(2026, 12, 1))
    client = login(world.users["coordinator"])
    before = m.agenda.count()
    bad = client.post(agenda_url(m), {"title": "Fremmed pakke", "package_order": other.pk})
    assert "form-error-message" in bad.text and 'value="Fremmed pakke"' in bad.text
    bad = client.post(agenda_url(m), {"title": "Forkert", "basis": "horoscope"})
    assert "form-error-message" in bad.text
    assert m.agenda.count() == before


def test_a_cancelled_order_stays_on_the_item_that_uses_it(login, world, order):
    m = meeting(world.cluster_a, date(2026, 12, 1))
    item = AgendaItem.objects.create(meeting=m, title="Pakke", basis="package", package_order=order)
    PackageOrder.objects.filter(pk=order.pk).update(status=PackageOrder.Status.CANCELLED)
    client = login(world.users["coordinator"])
    page = client.get(agenda_url(m, item.pk))
    response = client.post(
        agenda_url(m, item.pk),
        {
            "title": "Pakke, nyt navn",
            "basis": "package",
            "package_order": order.pk,
            "seen": page.context["form"]["seen"].value(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.package_order_id) == ("Pakke, nyt navn", order.pk)


def test_the_status_report_and_topic_plan_count_the_bases(login, world, order):
    held = meeting(world.cluster_a, date(2026, 3, 1), status=Meeting.Status.HELD)
    later = meeting(world.cluster_a, date(2026, 9, 1), status=Meeting.Status.HELD)
    cancelled = meeting(world.cluster_a, date(2026, 5, 1), status=Meeting.Status.CANCELLED)
    last_year = meeting(world.cluster_a, date(2025, 6, 1), status=Meeting.Status.HELD)
    other_cluster = meeting(world.cluster_b, date(2026, 6, 1), status=Meeting.Status.HELD)
    bases = {
        held: ["package", "own_data", "speaker", ""],
        later: ["package", "guideline", "research", "other", "literature"],
        cancelled: ["package"],
        last_year: ["own_data"],
        other_cluster: ["speaker"],
    }
    for m, values in bases.items():
        for n, value in enumerate(values):
            AgendaItem.objects.create(meeting=m, title=f"Punkt {n}", basis=value)
    counts = {b["key"]: b["n"] for b in report.compute(world.cluster_a, 2026)["bases"]}
    assert counts == {
        "package": 2,
        "own_data": 1,
        "speaker": 1,
        "guideline": 1,
        "literature": 1,
        "research": 1,
        "other": 1,
    }
    client = login(world.users["coordinator"])
    page = client.get(reverse("year:topics", args=[world.cluster_a.slug]), {"aar": "2026"})
    assert "Dagsordenens grundlag 2026" in page.text
    assert '<td>Klyngepakke</td><td class="klynge-num">2</td>' in page.text
    assert '<td>Egne data/audit</td><td class="klynge-num">1</td>' in page.text
    empty = client.get(reverse("year:topics", args=[world.cluster_a.slug]), {"aar": "2024"})
    assert "Ingen dagsordenspunkter med grundlag i året endnu." in empty.text
