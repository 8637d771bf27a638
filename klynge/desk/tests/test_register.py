"""The KiAP register check: upload KiAP's ydernumre, see the differences with the members on the
day, fix Klynge's side in one click (history with the actor), export what to change at KiAP."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from klynge.clusters.models import Clinic, ClusterMembership
from klynge.conftest import make_clinic
from klynge.desk import register
from klynge.members.models import MembershipEvent

pytestmark = pytest.mark.django_db


def csv_file(*lines, name="minklynge.csv"):
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="text/csv")


def xlsx_file(rows, name="minklynge.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, file, cluster="klynge-a"):
    return client.post(reverse("desk:register", args=[cluster]), {"file": file})


def test_parse_reads_a_header_or_a_bare_column_and_pads_zeros():
    assert register.parse("a.csv", b"Klinik;Ydernummer\nA;57584\nB;057584\nC; 1234 \n") == [
        "057584",
        "001234",
    ]
    assert register.parse("a.csv", b"12345\n23456\n") == ["012345", "023456"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Den indsendte fil er tom."),
        (b"\n;\n", "Filen er tom."),
        (b"Navn;By\nA;Roskilde\n", "overskriften »Ydernummer«"),
        (b"Ydernummer\n1234567\n", "Række 2: Et ydernummer har højst 6 cifre"),
        (b"Ydernummer\nabc\n", "Række 2: Et ydernummer består kun af cifre"),
        (b"Ydernummer\n\n", "Filen har ingen ydernumre."),
    ],
)
def test_bad_files_get_a_danish_message_next_to_the_field(world, login, content, message):
    client = login(world.users["coordinator"])
    response = upload(client, SimpleUploadedFile("liste.csv", content))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert "desk-register" not in client.session


def test_a_binary_file_or_a_too_big_one_is_refused(world, login, settings):
    client = login(world.users["coordinator"])
    pdf = SimpleUploadedFile("liste.csv", b"%PDF-1.4\n\x00\x01binary")
    errors = upload(client, pdf).context["form"].errors["file"]
    assert "hverken en CSV-fil eller en Excel-projektmappe" in errors[0]
    settings.KLYNGE_MAX_UPLOAD_BYTES = 10
    errors = upload(client, csv_file("Ydernummer", "123456")).context["form"].errors["file"]
    assert "den må højst fylde" in errors[0]


def test_differences_both_ways_and_the_export(world, login):
    a1, a2 = world.clinic_a1, world.clinic_a2
    known = make_clinic(world.cluster_b)  # a member of cluster B, unknown at A
    client = login(world.users["coordinator"])
    rows = [["Ydernummer", "Navn"], [a1.ydernummer, "x"], [known.ydernummer, "y"], ["999999", "z"]]
    response = upload(client, xlsx_file(rows))
    assert response.status_code == 302
    page = client.get(reverse("desk:register", args=["klynge-a"]))
    differences = page.context["differences"]
    assert [row.ydernummer for row in differences.only_kiap] == sorted([known.ydernummer, "999999"])
    assert [m.clinic for m in differences.only_klynge] == [a2]
    assert differences.both == 1
    html = page.content.decode()
    assert "Ukendt i Klynge" in html and "Klynge klynge-b" in html
    export = client.get(reverse("desk:register_xlsx", args=["klynge-a"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert ["Tilføj hos KiAP", a2.ydernummer, a2.name] in values
    assert ["Fjern hos KiAP", "999999", None] in values or [
        "Fjern hos KiAP",
        "999999",
        "",
    ] in values
    csv = client.get(reverse("desk:register_csv", args=["klynge-a"]))
    assert csv.status_code == 200 and a2.ydernummer in csv.content.decode("utf-8-sig")


def test_hostile_clinic_names_are_neutralised_in_the_export(world, login):
    Clinic.objects.filter(pk=world.clinic_a2.pk).update(name='=HYPERLINK("http://x")')
    client = login(world.users["coordinator"])
    upload(client, csv_file("Ydernummer", world.clinic_a1.ydernummer))
    export = client.get(reverse("desk:register_xlsx", args=["klynge-a"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert names == ['\'=HYPERLINK("http://x")']


def test_one_click_fixes_go_through_the_members_services_with_the_actor(world, login):
    known = make_clinic(world.cluster_b)
    client = login(world.users["coordinator"])
    upload(client, csv_file("Ydernummer", world.clinic_a1.ydernummer, known.ydernummer))
    response = client.post(
        reverse("desk:register_add", args=["klynge-a"]), {"ydernummer": known.ydernummer}
    )
    assert response.status_code == 302
    joined = world.cluster_a.memberships.get(clinic=known)
    assert joined.joined == timezone.localdate()
    assert joined.history.latest().history_actor == "coordinator@example.dk"
    assert MembershipEvent.objects.filter(membership=joined).exists()
    response = client.post(
        reverse("desk:register_end", args=["klynge-a"]), {"ydernummer": world.clinic_a2.ydernummer}
    )
    assert response.status_code == 302
    ended = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    assert ended.left == timezone.localdate()
    assert ended.reason == ClusterMembership.Reason.OTHER
    assert ended.history.latest().history_actor == "coordinator@example.dk"
    page = client.get(reverse("desk:register", args=["klynge-a"]))
    assert page.context["differences"].none
    assert "KiAP's register og Klynge er enige" in page.content.decode()


def test_fixes_refuse_what_is_not_a_difference(world, login):
    client = login(world.users["coordinator"])
    add = reverse("desk:register_add", args=["klynge-a"])
    end = reverse("desk:register_end", args=["klynge-a"])
    other = make_clinic(world.cluster_b)
    assert client.post(add, {"ydernummer": other.ydernummer}).status_code == 302  # no list yet
    upload(client, csv_file("Ydernummer", world.clinic_a1.ydernummer))
    client.post(add, {"ydernummer": other.ydernummer})  # not on KiAP's list
    client.post(end, {"ydernummer": world.clinic_a1.ydernummer})  # on KiAP's list
    assert not world.cluster_a.memberships.filter(clinic=other).exists()
    assert world.cluster_a.memberships.get(clinic=world.clinic_a1).left is None


def test_a_clinic_that_joined_today_is_not_ended_by_a_click(world, login):
    today = timezone.localdate()
    ClusterMembership.objects.filter(clinic=world.clinic_a2).update(joined=today)
    client = login(world.users["coordinator"])
    upload(client, csv_file("Ydernummer", world.clinic_a1.ydernummer))
    client.post(
        reverse("desk:register_end", args=["klynge-a"]), {"ydernummer": world.clinic_a2.ydernummer}
    )
    assert world.cluster_a.memberships.get(clinic=world.clinic_a2).left is None


def test_members_on_the_day_count_a_clinic_leaving_tomorrow(world, login):
    tomorrow = timezone.localdate() + timedelta(days=1)
    ClusterMembership.objects.filter(clinic=world.clinic_a2).update(left=tomorrow)
    differences = register.compare(
        world.cluster_a, [world.clinic_a1.ydernummer], timezone.localdate()
    )
    assert [m.clinic for m in differences.only_klynge] == [world.clinic_a2]
    after = register.compare(world.cluster_a, [world.clinic_a1.ydernummer], tomorrow)
    assert after.none


def test_the_check_is_for_kiap_clusters_and_their_staff(world, login):
    from klynge.clusters.models import Post
    from klynge.conftest import make_person

    clinic = make_clinic(world.cluster_e)
    eva = make_person("Eva", clinic, user=True)
    Post.objects.create(
        cluster=world.cluster_e, person=eva, kind=Post.Kind.COORDINATOR, start=date(2020, 1, 1)
    )
    assert login(eva.user).get(reverse("desk:register", args=["klynge-e"])).status_code == 404
    assert (
        login(world.users["member"]).get(reverse("desk:register", args=["klynge-a"])).status_code
        == 403
    )
    page = login(world.users["coordinator"]).get(reverse("clusters:detail", args=["klynge-a"]))
    html = page.content.decode()
    assert reverse("desk:register", args=["klynge-a"]) in html
    year = timezone.localdate().year
    assert reverse("money:statement", args=["klynge-a", year]) in html


def test_queries_do_not_grow_with_the_list(world, login):
    client = login(world.users["coordinator"])
    counts = []
    for size in (2, 20):
        extra = [make_clinic(world.cluster_a).ydernummer for _ in range(size)]
        elsewhere = [make_clinic(world.cluster_b).ydernummer for _ in range(size)]
        upload(client, csv_file("Ydernummer", *(extra[: size // 2] + elsewhere + ["999998"])))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("desk:register", args=["klynge-a"]))
        assert len(response.context["differences"].only_kiap) == size + 1
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_export_needs_a_list_first(world, login):
    client = login(world.users["coordinator"])
    response = client.get(reverse("desk:register_csv", args=["klynge-a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:register", args=["klynge-a"])
