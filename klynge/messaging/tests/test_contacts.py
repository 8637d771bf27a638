"""The address book of outside contacts: kept by coordinator and board, read by the secretariat,
linked from the activities log, and passed on with the coordinator post at handover."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import Post
from klynge.messaging.models import Contact

pytestmark = pytest.mark.django_db

NEW = {
    "kind": "hospital",
    "organisation": "Sjællands Universitetshospital, Medicinsk afdeling",
    "name": "Birgitte Lund",
    "role": "Overlæge",
    "email": "birgitte.lund@example.dk",
    "phone": "",
    "note": "",
}


def test_coordinator_adds_changes_and_deletes_a_contact(login, world):
    client = login(world.users["coordinator"])
    response = client.post(reverse("messaging:contact_new", args=["klynge-a"]), NEW, follow=True)
    assert "Kontakten er gemt." in response.text and "Birgitte Lund" in response.text
    contact = Contact.objects.get(cluster=world.cluster_a)
    assert contact.history.get().history_actor == "coordinator@example.dk"
    url = reverse("messaging:contact", args=["klynge-a", contact.pk])
    client.post(url, {**NEW, "role": "Afdelingslæge"})
    contact.refresh_from_db()
    assert contact.role == "Afdelingslæge"
    client.post(url, {"action": "delete"})  # the edit view only saves
    assert Contact.objects.exists()
    client.post(reverse("messaging:contact_delete", args=["klynge-a", contact.pk]))
    assert not Contact.objects.exists()
    assert Contact.history.filter(history_type="-").count() == 1


def test_bad_input_keeps_what_was_typed_and_saves_nothing(login, world):
    client = login(world.users["coordinator"])
    page = client.post(
        reverse("messaging:contact_new", args=["klynge-a"]),
        {**NEW, "organisation": "", "email": "ikke-en-adresse", "name": "<b>Bo</b>"},
    )
    assert page.status_code == 200
    assert "Skriv organisationen." in page.text and "e-mail" in page.text.lower()
    assert 'value="&lt;b&gt;Bo&lt;/b&gt;"' in page.text
    assert not Contact.objects.exists()


def test_secretariat_reads_members_do_not_and_only_staff_write(login, world):
    Contact.objects.create(cluster=world.cluster_a, kind="region", organisation="Region Sjælland")
    url = reverse("messaging:contacts", args=["klynge-a"])
    assert "Region Sjælland" in login(world.users["secretariat_kiap"]).get(url).text
    new = reverse("messaging:contact_new", args=["klynge-a"])
    assert login(world.users["secretariat_kiap"]).post(new, NEW).status_code == 403
    assert login(world.users["member"]).get(url).status_code == 403
    assert login(world.users["other_coordinator"]).get(url).status_code == 404
    assert Contact.objects.count() == 1


def test_the_next_coordinator_has_the_address_book_after_handover(login, world):
    from klynge.year import services

    Contact.objects.create(cluster=world.cluster_a, kind="municipality", organisation="Roskilde")
    today = timezone.localdate()
    outgoing = Post.objects.get(cluster=world.cluster_a, kind=Post.Kind.COORDINATOR)
    services.hand_over(
        world.cluster_a,
        outgoing=outgoing,
        successor=world.people["member"],
        effective=today,
        term_end=date(today.year + 2, 3, 31),
        note="",
        by=world.users["coordinator"],
    )
    url = reverse("messaging:contacts", args=["klynge-a"])
    assert "Roskilde" in login(world.users["member"]).get(url).text
    assert login(world.users["coordinator"]).get(url).status_code == 403
    edit = reverse("messaging:contact_new", args=["klynge-a"])
    assert login(world.users["member"]).get(edit).status_code == 200
    assert today - timedelta(days=1) == Post.objects.get(pk=outgoing.pk).end


def test_activities_log_links_to_the_address_book(login, world):
    page = login(world.users["coordinator"]).get(reverse("year:activities", args=["klynge-a"]))
    assert reverse("messaging:contacts", args=["klynge-a"]) in page.text


@pytest.mark.parametrize("count", [2, 30])
def test_address_book_uses_constant_queries(count, login, world, django_assert_num_queries):
    for n in range(count):
        Contact.objects.create(cluster=world.cluster_a, kind="other", organisation=f"Org {n}")
    client = login(world.users["coordinator"])
    # session, user, cluster, person, roles (1), contacts, access log
    with django_assert_num_queries(7):
        response = client.get(reverse("messaging:contacts", args=["klynge-a"]))
    assert response.text.count("/kontakter/") >= count
