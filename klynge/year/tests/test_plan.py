"""Cluster packages (catalogue, orders, the 60-day consent warning), the topic plan, activities."""

from datetime import date

import time_machine

from klynge.year import wheel
from klynge.year.models import ExternalActivity, Package, PackageOrder, PlannedTopic
from klynge.year.tests.helpers import local, meeting


def test_secretariat_and_regional_unit_keep_their_catalogues(world, login):
    kiap = login(world.users["secretariat_kiap"])
    bad = kiap.post("/sekretariat/klyngepakker/", {"action": "save", "title": ""})
    assert bad.status_code == 200 and "form-error-message" in bad.content.decode()
    kiap.post(
        "/sekretariat/klyngepakker/",
        {"action": "save", "title": "Antibiotika i almen praksis", "active": "on"},
    )
    regional = login(world.users["regional"])
    regional.post(
        "/region/klyngepakker/",
        {"action": "save", "title": "Opioider II", "is_data_package": "on", "active": "on"},
    )
    ekvis = login(world.users["secretariat_ekvis"])
    ekvis.post("/sekretariat/klyngepakker/", {"action": "save", "title": "Glaukom", "active": "on"})
    assert Package.objects.get(title="Opioider II").provider_region == world.region
    # eKVIS cannot edit KiAP's package: the edit id is looked up in its own catalogue only.
    antibiotics = Package.objects.get(title="Antibiotika i almen praksis")
    ekvis.post(
        "/sekretariat/klyngepakker/",
        {"action": "save", "package": antibiotics.pk, "title": "Overtaget", "active": "on"},
    )
    antibiotics.refresh_from_db()
    assert antibiotics.title == "Antibiotika i almen praksis"
    # A KiAP cluster in Sjælland sees KiAP's and KAP-S's packages, not eKVIS'.
    page = login(world.users["coordinator"]).get("/klynger/klynge-a/aar/pakker/").content.decode()
    assert "Antibiotika i almen praksis" in page and "Opioider II" in page
    assert "Glaukom" not in page


def test_data_package_warns_about_missing_consents_60_days_before(world, login):
    package = Package.objects.create(
        title="Opioider", provider_region=world.region, is_data_package=True
    )
    autumn = meeting(world.cluster_a, date(2027, 10, 1), title="Efterårsmøde")
    with time_machine.travel(local(date(2027, 7, 1), 10), tick=False):
        client = login(world.users["coordinator"])
        response = client.post(
            f"/klynger/klynge-a/aar/pakker/bestil/{package.pk}/", {"meeting": autumn.pk}
        )
        assert response.status_code == 302
        order = PackageOrder.objects.get()
        page = client.get("/klynger/klynge-a/aar/pakker/").content.decode()
    # 1 October minus 60 days is 2 August.
    assert "senest 02.08.2027" in page
    assert "4 medlemmer mangler at give samtykke" in page
    with time_machine.travel(local(date(2027, 7, 25), 10), tick=False):
        items = {i.key: i for i in wheel.items_for(world.cluster_a, 2027)}
    item = items[f"package_consent:{order.pk}"]
    assert item.due == date(2027, 8, 2)
    assert item.state(date(2027, 7, 25)) == wheel.State.SOON
    # The regional unit confirms and then records the consents as collected: the warning goes.
    regional = login(world.users["regional"])
    regional.post(f"/region/klyngepakker/bestilling/{order.pk}/status/", {"status": "consent"})
    order.refresh_from_db()
    assert order.status == "consent"
    assert order.history.count() == 2
    with time_machine.travel(local(date(2027, 7, 25), 10), tick=False):
        page = (
            login(world.users["coordinator"]).get("/klynger/klynge-a/aar/pakker/").content.decode()
        )
        assert "mangler at give samtykke" not in page
        assert wheel.items_for(world.cluster_a, 2027) and all(
            i.done for i in wheel.items_for(world.cluster_a, 2027) if i.key.startswith("package")
        )


def test_topic_plan_with_a_revisit(world, login):
    first = PlannedTopic.objects.create(cluster=world.cluster_a, year=2026, title="KOL")
    spring = meeting(world.cluster_a, date(2027, 4, 20))
    client = login(world.users["coordinator"])
    bad = client.post(
        "/klynger/klynge-a/aar/emner/", {"title": "KOL igen", "year": "1999", "status": "planned"}
    )
    assert "Skriv et år mellem 2000" in bad.content.decode()
    assert PlannedTopic.objects.count() == 1
    client.post(
        "/klynger/klynge-a/aar/emner/",
        {
            "title": "KOL – opfølgning",
            "year": "2027",
            "month": "4",
            "meeting": spring.pk,
            "revisit_of": first.pk,
            "status": "planned",
            "notes": "Følg op på spirometri-aftalen",
        },
    )
    revisit = PlannedTopic.objects.get(title="KOL – opfølgning")
    assert revisit.revisit_of == first and revisit.meeting == spring
    page = (
        login(world.users["member"]).get("/klynger/klynge-a/aar/emner/?aar=2027").content.decode()
    )
    assert "Genbesøg" in page and "KOL – opfølgning" in page
    # Members read the plan but cannot change it.
    assert (
        login(world.users["member"])
        .post("/klynger/klynge-a/aar/emner/", {"title": "X", "year": "2027", "status": "planned"})
        .status_code
        == 302
    )
    assert PlannedTopic.objects.count() == 2


def test_external_activities(world, login):
    client = login(world.users["board"])
    far = client.post(
        "/klynger/klynge-a/aar/aktiviteter/",
        {"date": "2099-01-01", "kind": "hospital", "counterpart": "Sjællands Universitetshospital"},
    )
    assert "mere end et år ude i fremtiden" in far.content.decode()
    client.post(
        "/klynger/klynge-a/aar/aktiviteter/",
        {
            "date": "2026-09-01",
            "kind": "hospital",
            "counterpart": "Sjællands Universitetshospital",
            "description": "Dialog om udskrivelser",
        },
    )
    assert ExternalActivity.objects.get().counterpart == "Sjællands Universitetshospital"
    assert login(world.users["member"]).get("/klynger/klynge-a/aar/aktiviteter/").status_code == 403
