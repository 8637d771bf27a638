"""The national overview at scale: its rows cached under the clusters' tokens (a change to any
input shows on the next request), one page of 50 at a time, the access log naming the page."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klynge.clusters.models import AccessLog, ClinicAffiliation, ClusterRules, Post, Region
from klynge.conftest import make_cluster
from klynge.desk.services import ask
from klynge.desk.tests.test_overview import frozen, grow, meeting, url  # noqa: F401 (fixture)
from klynge.meetings.models import Meeting
from klynge.meetings.services import create_meeting
from klynge.members import services as members
from klynge.money import services as money
from klynge.money.models import Claim
from klynge.year import services as year
from klynge.year import services_report

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def secretariat(world, login):
    """The secretariat's client, the overview read once (its rows are in the cache)."""
    client = login(world.users["secretariat_kiap"])
    assert client.get(url(world)).status_code == 200
    return client


def row_of(client, world, cluster=None):
    rows = client.get(url(world)).context["rows"]
    return next(row for row in rows if row.cluster.pk == (cluster or world.cluster_a).pk)


def test_queries_stay_the_same_from_few_to_many_clusters(world, login, django_assert_num_queries):
    client = login(world.users["secretariat_kiap"])
    client.get(url(world))
    grow(world, 2)
    with CaptureQueriesContext(connection) as computed:
        client.get(url(world))
    with CaptureQueriesContext(connection) as cached:
        client.get(url(world))
    # Cached: session, user, scheme, regions, the clusters' tokens, the access log's insert.
    assert len(cached) < len(computed) and len(cached) <= 10
    grow(world, 60)
    with django_assert_num_queries(len(computed)):
        page = client.get(url(world)).text
    assert "64 klynger" in page
    with django_assert_num_queries(len(cached)):
        client.get(url(world, side=2))


# One test per input the overview reads: a change through its service shows on the next request.


def test_a_clinic_joining_shows(world, secretariat):
    members.add_clinic(world.cluster_a, "765432", {"name": "Ny klinik"}, by=None)
    assert row_of(secretariat, world).clinics == 3


def test_a_person_joining_a_clinic_shows(world, secretariat):
    data = {"name": "Nina Ny", "email": "nina@example.dk"}
    members.add_person(
        world.clinic_a1, data, ClinicAffiliation.Role.STAFF, date(2026, 6, 1), by=None
    )
    assert row_of(secretariat, world).people == 5


def test_a_coordinator_consent_shows(world, secretariat):
    post = Post.objects.get(cluster=world.cluster_a, kind=Post.Kind.COORDINATOR)
    year.set_consent(post, "directory", True, by=world.users["coordinator"])
    assert row_of(secretariat, world).directory_consent


def test_a_handover_shows(world, secretariat):
    post = Post.objects.get(cluster=world.cluster_a, kind=Post.Kind.COORDINATOR)
    year.hand_over(
        world.cluster_a,
        outgoing=post,
        successor=world.people["board"],
        effective=date(2026, 9, 1),
        term_end=None,
        note="",
        by=world.users["coordinator"],
    )
    row = row_of(secretariat, world)
    assert row.handover.successor.pk == world.people["board"].pk
    assert "Koordinatorskifte på vej" in row.flags


def test_the_successors_new_name_shows(world, secretariat):
    test_a_handover_shows(world, secretariat)
    board = world.people["board"]
    board.name = "Bent Nyt-Navn"
    board.save()
    assert row_of(secretariat, world).handover.successor.name == "Bent Nyt-Navn"


def test_new_rules_show(world, secretariat):
    # Rules change by an assembly's decision (year.services.apply_rule_decisions) or the admin.
    ClusterRules.objects.create(
        cluster=world.cluster_a, valid_from=date(2026, 1, 1), meetings_per_year=9
    )
    assert row_of(secretariat, world).meetings_rule == 9


def test_a_new_meeting_shows(world, secretariat):
    start = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    create_meeting(world.cluster_a, by=None, title="Klyngemøde", start=start)
    assert row_of(secretariat, world).next_meeting == start


def test_a_decided_claim_shows(world, login):
    claim = Claim.objects.create(
        cluster=world.cluster_a, meeting=meeting(world.cluster_a, 2), status="submitted"
    )
    client = login(world.users["secretariat_kiap"])
    assert row_of(client, world).claims_waiting == 1
    money.decide(claim, by=world.users["secretariat_kiap"], approve=False, reason="Bilag mangler")
    assert row_of(client, world).claims_waiting == 0


def test_a_report_draft_shows(world, secretariat):
    services_report.save_answers(world.cluster_a, 2025, {}, by=world.users["coordinator"])
    assert row_of(secretariat, world).report_status == "draft"


def test_a_question_shows(world, secretariat):
    ask(world.cluster_a, "Hej", by=world.users["coordinator"], from_secretariat=False)
    assert row_of(secretariat, world).question_waiting


def test_the_january_check_shows(world, secretariat):
    members.mark_checked(world.cluster_a, 2026, "", by=world.users["coordinator"])
    assert row_of(secretariat, world).january_checked is True


def test_a_renamed_region_shows(world, secretariat):
    world.region.name = "Region Omdøbt"
    world.region.save()
    assert row_of(secretariat, world).cluster.region.name == "Region Omdøbt"


def test_tomorrow_is_computed_again(world, login, time_machine):
    meeting(world.cluster_a, 6, status=Meeting.Status.CALLED, day=16)
    client = login(world.users["secretariat_kiap"])
    assert row_of(client, world).next_meeting == datetime(2026, 6, 16, 16, 0, tzinfo=UTC)
    time_machine.move_to(datetime(2026, 6, 17, 10, 0, tzinfo=UTC))
    assert row_of(client, world).next_meeting is None


# Paging: 50 rows a page, after the filter and the sort over every row.


@pytest.fixture
def many(world):
    north = Region.objects.create(
        code="nord", name="Nordjylland", unit_name="Nord", notice_email="n@example.dk"
    )
    for index in range(60):
        make_cluster(world.kiap, f"side-{index:02d}", north)
    return north


def test_page_two_keeps_region_and_sort(world, login, many):
    client = login(world.users["secretariat_kiap"])
    first = client.get(url(world, region="nord", sorter="-navn"))
    assert "60 klynger" not in first.text and "62 klynger" in first.text  # summary: every row
    names = [row.cluster.name for row in first.context["rows"]]
    assert len(names) == 50 and names[0] == "Klynge side-59"
    assert "?region=nord&amp;sorter=-navn&amp;side=2" in first.text
    second = client.get(url(world, region="nord", sorter="-navn", side=2))
    names = [row.cluster.name for row in second.context["rows"]]
    assert names == [f"Klynge side-{index:02d}" for index in range(9, -1, -1)]
    assert "?region=nord&amp;sorter=-navn&amp;side=1" in second.text
    assert "side=2" not in second.context["sort_links"]["navn"]
    assert "region=nord" in second.context["sort_links"]["navn"]


@pytest.mark.parametrize("side", ["x", "-1", "999", "<script>", ""])
def test_a_bad_page_number_gives_a_page(world, login, many, side):
    response = login(world.users["secretariat_kiap"]).get(url(world, side=side))
    assert response.status_code == 200 and len(response.context["rows"]) in (12, 50)


def test_the_access_log_names_the_page_and_the_export_every_row(world, login, many):
    for index, cluster in enumerate(many.clusters.order_by("name")):
        person = world.people["member"] if index else world.people["board"]
        Post.objects.create(
            cluster=cluster, person=person, kind=Post.Kind.COORDINATOR, start=date(2020, 1, 1)
        )
    client = login(world.users["secretariat_kiap"])
    client.get(url(world, sorter="-navn"))  # side-59 … side-10: Mette Medlem, not Bent
    logged = AccessLog.objects.filter(action="view")
    assert {entry.subject_label for entry in logged} == {"Mette Medlem"}
    client.get(reverse("desk:overview_export", args=["kiap"]) + "?region=nord")
    exported = AccessLog.objects.filter(action="export")
    assert {entry.subject_label for entry in exported} == {"Mette Medlem", "Bent Bestyrelse"}
