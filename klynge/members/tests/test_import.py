"""Import of clinics and people: every row checked, all rows or none, and idempotent."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from klynge.clusters.models import Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.members import importer
from klynge.members.models import MembershipEvent

HEADER = "ydernummer;klinik;adresse;postnr;by;navn;rolle;email;telefon;fra"
ROLES = ["Ejerlæge", "ansat læge", "Uddannelseslæge", "øvrigt personale", "ejerlæge"]


def rows(count=500):
    return [
        f"{300000 + i // 5};Lægerne {i // 5};Algade {i // 5};4000;Roskilde;Person Nummer {i};"
        f"{ROLES[i % 5]};person{i}@example.dk;12 34 56 78;01.02.2024"
        for i in range(count)
    ]


def csv_file(lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def counts():
    return (
        Clinic.objects.count(),
        ClusterMembership.objects.count(),
        Person.objects.count(),
        ClinicAffiliation.objects.count(),
        MembershipEvent.objects.count(),
        Clinic.history.count(),
        Person.history.count(),
        ClinicAffiliation.history.count(),
    )


def test_500_rows_with_one_bad_row_write_nothing_then_all_then_nothing_again(world, tmp_path):
    good = rows()
    bad = list(good)
    bad[249] = bad[249].replace("person249@example.dk", "person249(at)example.dk")
    before = counts()
    path = tmp_path / "medlemmer.csv"
    path.write_bytes(csv_file(bad))
    with pytest.raises(CommandError) as error:
        call_command("import_members", world.cluster_a.slug, str(path))
    assert error.value.returncode == 1
    assert counts() == before
    result = importer.apply(world.cluster_a, importer.parse("x.csv", csv_file(bad)), by=None)
    assert result.errors == [
        (251, "E-mail", "»person249(at)example.dk« er ikke en gyldig e-mailadresse.")
    ]
    assert counts() == before

    path.write_bytes(csv_file(good))
    call_command("import_members", world.cluster_a.slug, str(path))
    after = counts()
    assert after[0] - before[0] == 100  # clinics
    assert after[2] - before[2] == 500  # people
    assert world.cluster_a.memberships.filter(left=None).count() == 102
    assert (
        ClinicAffiliation.objects.filter(person__email="person0@example.dk").get().role == "owner"
    )

    call_command("import_members", world.cluster_a.slug, str(path))
    assert counts() == after


def test_dry_run_writes_nothing(world, tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_file(rows(10)))
    out = io.StringIO()
    call_command("import_members", world.cluster_a.slug, str(path), "--dry-run", stdout=out)
    assert "10 rækker" in out.getvalue() and "2 nye klinikker" in out.getvalue()
    assert not Clinic.objects.filter(ydernummer="300000").exists()


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("12a;Klinik;;;;Anna;ejerlæge;;;", "Ydernummer", "kun af cifre"),
        ("1234567;Klinik;;;;Anna;ejerlæge;;;", "Ydernummer", "højst 6 cifre"),
        ("400001;Klinik;;;;;ejerlæge;;;", "Navn", "Navnet mangler"),
        ("400001;Klinik;;;;Anna;chef;;;", "Rolle", "Ukendt rolle »chef«"),
        ("400001;Klinik;;;;Anna;;;;", "Rolle", "Rollen mangler"),
        ("400001;Klinik;;;;Anna;ejerlæge;anna@;;", "E-mail", "ikke en gyldig e-mailadresse"),
        ("400001;;;;;Anna;ejerlæge;;;", "Klinik", "skriv klinikkens navn"),
        ("400001;Klinik;;40;;Anna;ejerlæge;;;", "Postnr", "ikke et postnummer"),
        ("400001;Klinik;;;;Anna;ejerlæge;;;31.02.2024", "Fra", "ikke en dato"),
    ],
)
def test_each_kind_of_bad_row_is_named_in_danish(world, line, column, message):
    result = importer.plan(world.cluster_a, importer.parse("x.csv", csv_file([line])))
    assert not result.ok
    number, label, text = result.errors[0]
    assert (number, str(label)) == (2, column)
    assert message in text


def test_duplicate_rows_are_errors(world):
    line = "400001;Klinik;;;;Anna;ejerlæge;anna@example.dk;;"
    result = importer.plan(world.cluster_a, importer.parse("x.csv", csv_file([line, line])))
    assert [(n, str(c)) for n, c, _m in result.errors] == [(3, "Navn")]
    assert "række 2" in result.errors[0][2]


def test_missing_columns_and_wrong_files_are_refused(world):
    with pytest.raises(importer.ImportFileError, match="Rolle"):
        importer.parse("x.csv", b"ydernummer;navn\n123456;Anna\n")
    with pytest.raises(importer.ImportFileError, match="tom"):
        importer.parse("x.csv", b"")
    with pytest.raises(importer.ImportFileError):
        importer.parse("x.xls", b"\xd0\xcf\x11\xe0 old excel")


def test_xlsx_with_numbers_as_cells_and_comma_csv(world):
    book = Workbook()
    sheet = book.active
    sheet.append(importer.KEYS)
    sheet.append(
        [57584, "Lægerne Ø", "", 4000, "", "Bo Bang", "Ejerlæge", "bo@example.dk", "", None]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    result = importer.apply(world.cluster_a, importer.parse("m.xlsx", buffer.getvalue()), by=None)
    assert result.ok, result.errors
    clinic = Clinic.objects.get(ydernummer="057584")
    assert clinic.postcode == "4000"
    comma = "ydernummer,klinik,navn,rolle\n057584,Lægerne Ø,Bo Bang,Ejerlæge\n".encode("cp1252")
    again = importer.plan(world.cluster_a, importer.parse("m.csv", comma))
    assert again.ok and again.count("unchanged") == 1


def test_existing_person_by_email_gets_a_second_clinic_and_role_changes_are_applied(world):
    email = world.people["member2"].email
    lines = [
        f"{world.clinic_a1.ydernummer};;;;;Morten Andenklinik;ejerlæge;{email};;",
        f"{world.clinic_a2.ydernummer};;;;;Morten Andenklinik;ejerlæge;{email};;",
    ]
    result = importer.apply(world.cluster_a, importer.parse("x.csv", csv_file(lines)), by=None)
    assert result.ok, result.errors
    person = world.people["member2"]
    assert Person.objects.filter(email=email).count() == 1
    assert set(person.affiliations.values_list("clinic_id", "role")) == {
        (world.clinic_a1.pk, "owner"),
        (world.clinic_a2.pk, "owner"),
    }


def test_import_page_previews_and_writes_only_on_confirmation(world, coordinator):
    url = reverse("members:import", args=[world.cluster_a.slug])
    upload = io.BytesIO(csv_file(rows(10)))
    upload.name = "medlemmer.csv"
    response = coordinator.post(url, {"file": upload})
    assert response.status_code == 200
    assert "Forhåndsvisning af medlemmer.csv" in response.text
    assert "Ny klinik" in response.text and "Person Nummer 9" in response.text
    assert not Clinic.objects.filter(ydernummer="300000").exists()
    digest = response.context["digest"]
    confirm = reverse("members:import_confirm", args=[world.cluster_a.slug])
    response = coordinator.post(confirm, {"digest": digest})
    assert response.status_code == 302
    assert Person.objects.filter(email__startswith="person").count() == 10
    response = coordinator.post(confirm, {"digest": digest}, follow=True)
    assert "Upload filen igen" in response.text


def test_import_page_lists_errors_and_offers_no_confirmation(world, coordinator):
    url = reverse("members:import", args=[world.cluster_a.slug])
    lines = rows(3)
    lines[1] = lines[1].replace("ansat læge", "direktør")
    upload = io.BytesIO(csv_file(lines))
    upload.name = "m.csv"
    response = coordinator.post(url, {"file": upload})
    assert "Række 3, Rolle: Ukendt rolle »direktør«" in response.text
    assert "Bekræft og importér" not in response.text
    confirm = reverse("members:import_confirm", args=[world.cluster_a.slug])
    coordinator.post(confirm, {"digest": response.context["digest"]})
    assert Clinic.objects.filter(ydernummer="300000").count() == 0


def test_templates_download_with_the_documented_columns(world, coordinator):
    csv = coordinator.get(reverse("members:import_template_csv", args=[world.cluster_a.slug]))
    assert csv.content.decode("utf-8-sig").strip() == ";".join(importer.KEYS)
    xlsx = coordinator.get(reverse("members:import_template_xlsx", args=[world.cluster_a.slug]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book.worksheets[0][1]] == importer.KEYS
    assert book["Vejledning"]["A2"].value == "ydernummer"
    # The template imports cleanly once filled in (round trip).
    book.worksheets[0].append(importer.template_rows()[1])
    buffer = io.BytesIO()
    book.save(buffer)
    assert importer.plan(world.cluster_a, importer.parse("t.xlsx", buffer.getvalue())).ok


def test_member_cannot_import(world, login):
    url = reverse("members:import", args=[world.cluster_a.slug])
    assert login(world.users["member"]).get(url).status_code == 403
