"""The secretariat's national overview: every cluster of its scheme, what needs action, XLSX."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from klynge.clusters.models import AccessLog, ClusterRules, Post
from klynge.conftest import make_clinic, make_cluster, make_person
from klynge.desk import rules
from klynge.desk.lookups import overview
from klynge.desk.services import ask
from klynge.meetings.models import Meeting
from klynge.members.models import JanuaryCheck
from klynge.money.models import Claim
from klynge.year.models import Handover, StatusReport

TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def meeting(cluster, month, status=Meeting.Status.HELD, kind=Meeting.Kind.CLUSTER, day=10):
    start = datetime(2026, month, day, 16, 0, tzinfo=UTC)
    return Meeting.objects.create(
        cluster=cluster, title="Klyngemøde", start=start, status=status, kind=kind
    )


def url(world, **query):
    base = reverse("desk:overview", args=[world.kiap.code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_row_gathers_each_column(world):
    a = world.cluster_a
    Post.objects.filter(cluster=a, kind=Post.Kind.COORDINATOR).update(
        term_end=date(2026, 7, 1), directory_consent=True
    )
    ClusterRules.objects.create(cluster=a, valid_from=date(2025, 1, 1), meetings_per_year=6)
    meeting(a, 2)
    meeting(a, 3, kind=Meeting.Kind.ASSEMBLY)
    meeting(a, 4, status=Meeting.Status.CANCELLED)
    meeting(a, 9, status=Meeting.Status.CALLED)
    meeting(a, 8, status=Meeting.Status.CALLED)
    Claim.objects.create(cluster=a, meeting=meeting(a, 1), status=Claim.Status.SUBMITTED)
    Claim.objects.create(
        cluster=a, meeting=meeting(a, 5), status=Claim.Status.PAID, approved_amount=Decimal("850")
    )
    StatusReport.objects.create(cluster=a, year=2025, status=StatusReport.Status.SUBMITTED)
    JanuaryCheck.objects.create(cluster=a, year=2026)
    Handover.objects.create(
        cluster=a,
        outgoing=world.people["coordinator"],
        successor=world.people["board"],
        effective=date(2026, 7, 1),
    )
    ask(a, "Hvornår er koordinatortræffet?", by=world.users["coordinator"], from_secretariat=False)
    b = world.cluster_b
    ask(b, "Spørgsmål", by=world.users["other_coordinator"], from_secretariat=False)
    ask(b, "Svar", by=world.users["secretariat_kiap"], from_secretariat=True)
    rows = {row.cluster.slug: row for row in overview(world.kiap)}
    assert set(rows) == {"klynge-a", "klynge-b"}
    row = rows["klynge-a"]
    assert (row.clinics, row.people) == (2, 4)
    assert row.coordinator.person == world.people["coordinator"] and row.directory_consent
    assert (row.meetings_held, row.meetings_rule, row.assembly_held) == (3, 6, True)
    assert row.next_meeting == datetime(2026, 8, 10, 16, 0, tzinfo=UTC)
    assert (row.claims_waiting, row.claims_approved, row.approved_amount) == (1, 1, 850)
    assert row.report_status == "submitted" and row.january_checked is True
    assert row.handover.successor == world.people["board"]
    assert row.flags == [
        "Koordinatorens valgperiode udløber",
        "Refusionskrav venter",
        "Spørgsmål venter på svar",
        "Koordinatorskifte på vej",
    ]
    other = rows["klynge-b"]
    assert (other.meetings_held, other.meetings_rule, other.january_checked) == (0, 4, False)
    assert other.question_waiting is False and row.question_waiting is True
    assert "Statusrapport mangler" in other.flags and "Januartjek mangler" in other.flags
    assert "Færre møder end klyngens regler" in other.flags


@pytest.mark.parametrize(
    ("rule", "month", "due"), [(4, 1, 0), (4, 4, 1), (4, 7, 2), (4, 12, 3), (12, 6, 5), (2, 6, 0)]
)
def test_meetings_due_pro_rata(rule, month, due):
    assert rules.meetings_due_by(rule, date(2026, month, 15)) == due


def test_flags_wait_for_the_deadlines():
    figures = rules.Figures(True, None, 0, 0, 0, False, False, False)
    day = date(2026, 1, 20)
    assert rules.flags(figures, day, date(2026, 1, 31), date(2026, 1, 31)) == []
    late = rules.flags(figures, date(2026, 2, 1), date(2026, 1, 31), date(2026, 1, 31))
    assert late == ["Statusrapport mangler", "Januartjek mangler"]
    nobody = rules.Figures(False, None, 0, 0, 0, True, None, False)
    assert rules.flags(nobody, day, date(2026, 1, 31), None) == ["Ingen koordinator"]


def test_ekvis_has_no_january_column(world, login):
    rows = overview(world.ekvis)
    assert [row.january_checked for row in rows] == [None]
    page = login(world.users["secretariat_ekvis"]).get(
        reverse("desk:overview", args=[world.ekvis.code])
    )
    assert "Januartjek" not in page.text and "Klynge klynge-e" in page.text


def test_only_the_scheme_secretariat_and_admins_open_it(world, login):
    assert login(world.users["secretariat_kiap"]).get(url(world)).status_code == 200
    assert login(world.users["admin"]).get(url(world)).status_code == 200
    for persona in ("secretariat_ekvis", "coordinator", "regional"):
        assert login(world.users[persona]).get(url(world)).status_code == 403, persona
    missing = reverse("desk:overview", args=["findes-ikke"])
    assert login(world.users["admin"]).get(missing).status_code == 404


def test_page_filters_sorts_counts_and_logs(world, login):
    Claim.objects.create(
        cluster=world.cluster_b, meeting=meeting(world.cluster_b, 1), status="submitted"
    )
    client = login(world.users["secretariat_kiap"])
    ask(world.cluster_a, "Hej", by=world.users["coordinator"], from_secretariat=False)
    page = client.get(url(world)).text
    assert "2 klynger" in page and "2 kræver handling" in page
    assert "1 venter på svar på et spørgsmål" in page
    assert reverse("clusters:detail", args=["klynge-a"]) in page
    assert "Karen Koordinator" in page and "Ole Andenklynge" in page
    logged = AccessLog.objects.filter(actor=world.users["secretariat_kiap"], action="view")
    assert {entry.subject_label for entry in logged} == {"Karen Koordinator", "Ole Andenklynge"}
    found = client.get(url(world, q="ole")).text
    assert "Ole Andenklynge" in found and "Karen Koordinator" not in found
    ordered = client.get(url(world, sorter="-krav")).text
    assert ordered.index("Klynge klynge-b") < ordered.index("Klynge klynge-a")
    ordered = client.get(url(world, sorter="krav")).text
    assert ordered.index("Klynge klynge-a") < ordered.index("Klynge klynge-b")
    assert client.get(url(world, sorter="<script>", region="xx")).status_code == 200


def test_hostile_names_are_escaped_and_harmless_in_xlsx(world, login):
    world.cluster_a.name = '=HYPERLINK("http://x")<script>'
    world.cluster_a.save()
    client = login(world.users["secretariat_kiap"])
    assert "<script>" not in client.get(url(world)).text
    response = client.get(reverse("desk:overview_export", args=["kiap"]) + "?sorter=navn")
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Klynge", "Region", "Speciale eller kommune", "Koordinator"]
    names = [row[0] for row in values[1:]]
    assert '\'=HYPERLINK("http://x")<script>' in names and "Klynge klynge-b" in names
    assert AccessLog.objects.filter(action="export").count() == 2


def grow(world, n):
    for index in range(n):
        cluster = make_cluster(world.kiap, f"ekstra-{n}-{index}", world.region)
        clinic = make_clinic(cluster)
        person = make_person(f"Koordinator {index}", clinic)
        Post.objects.create(
            cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, start=date(2020, 1, 1)
        )
        ClusterRules.objects.create(cluster=cluster, valid_from=date(2024, 1, 1))
        Claim.objects.create(cluster=cluster, meeting=meeting(cluster, 2), status="submitted")
        StatusReport.objects.create(cluster=cluster, year=2025)
        JanuaryCheck.objects.create(cluster=cluster, year=2026)
        Handover.objects.create(
            cluster=cluster, outgoing=person, successor=person, effective=date(2026, 9, 1)
        )
        meeting(cluster, 11, status=Meeting.Status.CALLED)
        ask(cluster, "Hej", by=world.users["coordinator"], from_secretariat=False)


def test_queries_do_not_grow_with_clusters(world, login, django_assert_num_queries):
    client = login(world.users["secretariat_kiap"])
    client.get(url(world))
    grow(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(world)).status_code == 200
    grow(world, 12)
    with django_assert_num_queries(len(small)):
        page = client.get(url(world)).text
    assert "16 klynger" in page
    export = reverse("desk:overview_export", args=["kiap"])
    grow(world, 1)  # the rows are computed again (test_overview_cache.py: read from the cache)
    with CaptureQueriesContext(connection) as few:
        client.get(export)
    grow(world, 5)
    with django_assert_num_queries(len(few)):
        client.get(export)


def test_secretariat_start_page_links_to_it(world, login):
    page = login(world.users["secretariat_kiap"]).get(reverse("secretariat:home")).text
    assert reverse("desk:overview", args=["kiap"]) in page
