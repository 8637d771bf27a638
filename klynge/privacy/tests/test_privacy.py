"""Access requests, erasure that keeps the accounts, the nightly retention job and rectification."""

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from klynge.clusters.audit import Actor
from klynge.clusters.models import AccessLog, ClinicAffiliation, Person
from klynge.conftest import make_person
from klynge.meetings.models import Invitation
from klynge.money import lookups as money
from klynge.money.models import Claim, HonorariumPayment
from klynge.money.tests.factories import attend, claim, meeting
from klynge.privacy import services
from klynge.privacy.models import Erasure, RetentionRun

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def leaver_of_2019(world):
    """A coordinator who left in 2019, with a 2019 claim and honorarium in cluster A's books."""
    person = make_person("Lise Forhenværende", world.clinic_a2, user=True)
    affiliation = person.affiliations.get()
    affiliation.end = date(2019, 7, 1)
    affiliation.save()
    held = meeting(world.cluster_a, when=(2019, 3, 5))
    attend(held, person, attendance="present")
    Invitation.objects.filter(person=person).update(answer_reason="Syg barn, ring 12345678")
    item = claim(world.cluster_a, held, user=person.user, lines=[("catering", "1800.00")])
    Claim.objects.filter(pk=item.pk).update(
        status=Claim.Status.APPROVED, approved_amount=Decimal("1800.00")
    )
    HonorariumPayment.objects.create(
        cluster=world.cluster_a, person=person, kind="coordinator",
        period_start=date(2019, 1, 1), months=6, amount=Decimal("6000.00"),
        paid_at=datetime(2019, 7, 15, 12, tzinfo=CPH),
    )  # fmt: skip
    return person


def zip_of(response):
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return archive, json.loads(archive.read("indsigt.json"))


@time_machine.travel(datetime(2026, 11, 27, 3, tzinfo=CPH), tick=False)
def test_the_nightly_job_pseudonymises_a_2019_leaver_and_keeps_the_books(world):
    person = leaver_of_2019(world)
    AccessLog.objects.create(
        actor_label="x", action="view", subject=person, subject_label=person.name, purpose="P"
    )
    before = money.account_status(world.cluster_a, 2019)
    still_here = world.people["member"]

    run = services.apply_retention(date(2026, 11, 27), by=Actor.system("test"))

    person.refresh_from_db()
    assert run.done["people"] == 1
    assert person.name == f"Tidligere medlem {person.pk}"
    assert (person.email, person.phone) == ("", "")
    assert not person.user.is_active and "Lise" not in person.user.name
    assert "Lise" not in " ".join(person.history.values_list("name", flat=True))
    assert not Invitation.objects.filter(person=person).exclude(answer_reason="").exists()
    assert AccessLog.objects.get(subject=person).subject_label == person.name
    after = money.account_status(world.cluster_a, 2019)
    assert (after.approved_expenses, after.honoraria) == (
        before.approved_expenses,
        before.honoraria,
    )
    assert after.approved_expenses == Decimal("1800.00") and after.honoraria == Decimal("6000.00")
    assert Person.objects.get(pk=still_here.pk).name == still_here.name

    assert services.apply_retention(date(2026, 11, 27), by=Actor.system("test")) is None
    again = services.apply_retention(date(2026, 11, 28), by=Actor.system("test"))
    assert again.done["people"] == 0 and Erasure.objects.count() == 1
    assert RetentionRun.objects.count() == 2


@time_machine.travel(datetime(2026, 11, 27, 3, tzinfo=CPH), tick=False)
def test_the_job_keeps_recent_leavers_and_people_the_books_need(world):
    recent = make_person("Nylig Udmeldt", world.clinic_a1)
    ClinicAffiliation.objects.filter(person=recent).update(end=date(2025, 6, 1))
    paid = make_person("Betalt Tidligere", world.clinic_a1)
    ClinicAffiliation.objects.filter(person=paid).update(end=date(2021, 1, 1))
    HonorariumPayment.objects.create(
        cluster=world.cluster_a, person=paid, kind="board", period_start=date(2021, 1, 1),
        months=1, amount=Decimal("250.00"), paid_at=datetime(2021, 2, 1, tzinfo=CPH),
    )  # fmt: skip
    run = services.apply_retention(date(2026, 11, 27), by=Actor.system("test"))
    assert run.done["people"] == 0
    assert not Erasure.objects.exists()


def test_the_secretariat_exports_a_members_data_with_the_look_ups(world, login):
    person = world.people["member"]
    login(world.users["coordinator"]).get(
        reverse("members:list", kwargs={"cluster": world.cluster_a.slug})
    )
    client = login(world.users["secretariat_kiap"])
    page = client.get(reverse("privacy:person", kwargs={"data_subject": person.pk}))
    assert page.status_code == 200 and person.name in page.content.decode()
    response = client.post(reverse("privacy:person_export", kwargs={"data_subject": person.pk}))
    assert response["Content-Type"] == "application/zip"
    archive, data = zip_of(response)
    assert archive.read("indsigt.pdf").startswith(b"%PDF")
    assert data["person"][0]["name"] == person.name
    assert {row["clinic"] for row in data["affiliations"]} == {world.clinic_a1.name}
    roles = {(row["purpose"], row["role"]) for row in data["access_log"]}
    assert ("Indsigt og sletning", "Sekretariatet") in roles
    assert any(role == "Koordinator" for _purpose, role in roles)
    text = json.dumps(data)
    assert "sekretariat.plo@example.dk" not in text and "coordinator@example.dk" not in text
    assert AccessLog.objects.filter(
        subject=person, action="export", purpose="Indsigtsanmodning (art. 15)"
    ).exists()


def test_a_secretariat_sees_only_people_of_its_scheme(world, login):
    person = world.people["member"]
    client = login(world.users["secretariat_ekvis"])
    assert (
        client.get(reverse("privacy:person", kwargs={"data_subject": person.pk})).status_code == 404
    )
    url = reverse("privacy:person_export", kwargs={"data_subject": person.pk})
    assert client.post(url).status_code == 404
    found = client.get(reverse("privacy:people"), {"q": "Mette"})
    assert person.name not in found.content.decode()
    found = login(world.users["secretariat_kiap"]).get(reverse("privacy:people"), {"q": "Mette"})
    assert person.name in found.content.decode()


def test_a_member_downloads_only_their_own_data(world, login):
    client = login(world.users["member"])
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    archive, data = zip_of(client.post(reverse("privacy:my_data")))
    assert data["person"][0]["name"] == "Mette Medlem"
    assert data["person"][0]["login"] == "member@example.dk"
    assert (
        client.post(
            reverse("privacy:person_export", kwargs={"data_subject": world.people["board"].pk})
        ).status_code
        == 403
    )


def test_erasure_on_request_is_refused_while_a_rule_forbids_it(world, login):
    person = world.people["member"]
    client = login(world.users["secretariat_kiap"])
    url = reverse("privacy:person_erase", kwargs={"data_subject": person.pk})
    response = client.post(url, {"reason": "Bedt om det"}, follow=True)
    assert "Personen arbejder stadig i en klinik" in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Mette Medlem" and not Erasure.objects.exists()


@time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=CPH), tick=False)
def test_erasure_on_request_says_until_when_the_books_keep_someone(world, login):
    person = make_person("Kurt Kasserer", world.clinic_a1)
    ClinicAffiliation.objects.filter(person=person).update(end=date(2026, 1, 1))
    HonorariumPayment.objects.create(
        cluster=world.cluster_a, person=person, kind="board", period_start=date(2025, 1, 1),
        months=12, amount=Decimal("3000.00"), paid_at=datetime(2025, 12, 1, tzinfo=CPH),
    )  # fmt: skip
    page = login(world.users["secretariat_kiap"]).get(
        reverse("privacy:person", kwargs={"data_subject": person.pk})
    )
    assert "Til og med 31.12.2030." in page.content.decode()


def test_erasure_on_request_of_someone_who_left(world, login):
    person = make_person("Gitte Gået", world.clinic_a2)
    ClinicAffiliation.objects.filter(person=person).update(end=date(2025, 1, 1))
    client = login(world.users["secretariat_kiap"])
    url = reverse("privacy:person_erase", kwargs={"data_subject": person.pk})
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "Dette felt er påkrævet" in refused.content.decode()
    client.post(url, {"reason": "Anmodning pr. e-mail 20.11.2026"})
    person.refresh_from_db()
    erasure = Erasure.objects.get(person=person)
    assert person.name.startswith("Tidligere medlem") and person.email == ""
    assert erasure.by == world.users["secretariat_kiap"]
    latest = person.history.latest("history_date")
    assert latest.history_actor == "sekretariat.plo@example.dk"
    assert latest.history_change_reason == "Anmodning pr. e-mail 20.11.2026"


def test_a_member_corrects_their_own_details(world, login):
    client = login(world.users["member"])
    form = client.get(reverse("profile")).context["form"]
    response = client.post(
        reverse("profile"),
        {"name": "Mette Medlem Hansen", "email": "mette@example.dk", "phone": "20 30 40 50",
         "seen": form["seen"].value()},
    )  # fmt: skip
    assert response.status_code == 302
    person = Person.objects.get(pk=world.people["member"].pk)
    assert (person.name, person.email, person.phone) == (
        "Mette Medlem Hansen",
        "mette@example.dk",
        "20 30 40 50",
    )
    assert person.history.latest("history_date").history_actor == "member@example.dk"


def test_the_record_of_processing_lists_every_retention_rule(world, login):
    page = login(world.users["member"]).get(reverse("privacy:record")).content.decode()
    for text in ("Behandlingsoversigt", "E-mails i udbakken", "Adgangslog", "bogføringsloven"):
        assert text in page


def test_in_the_demo_the_ekvis_secretariat_exports_a_members_data(login):
    from io import StringIO

    from klynge.accounts.models import User
    from klynge.clusters.audit import acting
    from klynge.hub.management.commands.demo import Command
    from klynge.privacy import demo

    with acting(Actor.system("demo")):
        world = Command(stdout=StringIO()).load_core()
        demo.load(world, StringIO())
        demo.load(world, StringIO())  # idempotent
    member = world.people["ekvis.medlem"]
    client = login(User.objects.get(email="sekretariat.ekvis@example.dk"))
    _archive, data = zip_of(
        client.post(reverse("privacy:person_export", kwargs={"data_subject": member.pk}))
    )
    looked_up = [(row["purpose"], row["role"]) for row in data["access_log"]]
    assert looked_up[:3] == [
        ("Medlemsliste", "Koordinator"),
        ("Personside", "Koordinator"),
        ("Fremmødeliste", "Koordinator"),
    ]
    assert Erasure.objects.filter(person__email="").count() == 1
    assert not Person.objects.filter(name="Poul Tidligere").exists()


def test_erasure_deletes_the_persons_mail_and_no_one_elses(world):
    from post_office.models import Email

    person = make_person("Ann Ane", email="ann@example.dk")
    Email.objects.create(from_email="k@example.dk", to=["ann@example.dk"], subject="Til Ann")
    Email.objects.create(from_email="k@example.dk", to=["joann@example.dk"], subject="Til Joann")
    services.pseudonymise(person, by=Actor.system("test"), reason="Test")
    assert list(Email.objects.values_list("subject", flat=True)) == ["Til Joann"]
