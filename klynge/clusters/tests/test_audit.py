"""Every historical row names its actor: the user, or the job that made the change."""

from datetime import date

import pytest
from django.core.management import call_command

from klynge.clusters.audit import Actor, acting, service
from klynge.clusters.models import ClusterMembership, Person


@service
def rename(person, name, *, by, reason=""):
    person.name = name
    person.save()
    return person


def test_a_service_records_its_user_and_reason(world):
    person = world.people["member"]
    coordinator = world.users["coordinator"]
    rename(person, "Ny Navnesen", by=coordinator, reason="Stavefejl rettet")
    record = person.history.latest()
    assert record.history_user_id == coordinator.pk
    assert record.history_actor == coordinator.email
    assert record.history_change_reason == "Stavefejl rettet"


def test_a_job_is_named_as_the_system(world):
    person = world.people["member"]
    with acting(Actor.system("send_due:year")):
        person.phone = "87 65 43 21"
        person.save()
    record = person.history.latest()
    assert record.history_user_id is None
    assert record.history_actor == "system: send_due:year"


def test_the_profile_change_names_its_user(world, client):
    user = world.users["member"]
    client.force_login(user)
    seen = client.get("/profil/").context["form"]["seen"].value()
    data = {"name": "Mig Selv", "email": "mig@example.dk", "phone": "11 22 33 44", "seen": seen}
    response = client.post("/profil/", data)
    assert response.status_code == 302
    record = Person.history.filter(id=user.person.pk).latest()
    assert record.name == "Mig Selv"
    assert (record.history_user_id, record.history_actor) == (user.pk, user.email)


def test_the_reason_is_inherited_by_nested_acting_and_then_restored(world):
    person = world.people["member"]
    with acting(world.users["coordinator"], "Udmeldelse"):
        with acting(Actor.system("send_due")):
            person.name = "A"
            person.save()
        inner = person.history.latest()
    person.name = "B"
    person.save()
    outer = person.history.latest()
    assert (inner.history_actor, inner.history_change_reason) == ("system: send_due", "Udmeldelse")
    assert outer.history_actor == "" and outer.history_change_reason is None


def test_a_service_without_its_actor_is_refused(world):
    with pytest.raises(TypeError):
        rename(world.people["member"], "X")


@pytest.mark.django_db(transaction=True)
def test_the_import_command_acts_as_the_system(world, tmp_path):
    sheet = tmp_path / "members.csv"
    sheet.write_text(
        "Ydernummer;Klinik;Navn;Rolle;E-mail\n"
        "054321;Lægerne i Byen;Ida Import;Ejerlæge;ida@example.dk\n",
        encoding="utf-8",
    )
    call_command("import_members", world.cluster_a.slug, str(sheet))
    membership = ClusterMembership.objects.get(clinic__ydernummer="054321")
    assert membership.joined <= date.today()
    assert membership.history.latest().history_actor == "system: import_members"
