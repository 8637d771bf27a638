"""Two people editing the same clinic: the second save is refused, not silently lost."""

import re

from django.urls import reverse

from klynge.clusters.models import Clinic, ClinicAffiliation


def seen_value(html: str) -> str:
    match = re.search(r'name="seen" value="([^"]*)"', html)
    assert match, "the form carries what the user saw"
    return match.group(1).replace("&quot;", '"').replace("&#x27;", "'")


def form_data(clinic, **changes):
    data = {
        "name": clinic.name,
        "address": clinic.address,
        "postcode": clinic.postcode,
        "city": clinic.city,
        "email": clinic.email,
        "phone": clinic.phone,
        "specialty": clinic.specialty,
    }
    return data | changes


def test_a_stale_save_is_refused_with_the_news_and_keeps_what_was_typed(world, client):
    clinic = world.clinic_a1
    url = reverse("members:edit_clinic", args=[world.cluster_a.slug, clinic.pk])
    client.force_login(world.users["coordinator"])
    first = seen_value(client.get(url).content.decode())
    second = seen_value(client.get(url).content.decode())

    saved = client.post(url, form_data(clinic, phone="11 11 11 11", seen=first))
    assert saved.status_code == 302

    refused = client.post(url, form_data(clinic, city="Slagelse", seen=second))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Ændret af en anden – se de nye oplysninger." in page
    assert "Telefon: 11 11 11 11" in page
    assert 'value="Slagelse"' in page
    clinic.refresh_from_db()
    assert (clinic.phone, clinic.city) == ("11 11 11 11", "")

    again = client.post(url, form_data(clinic, city="Slagelse", seen=seen_value(page)))
    assert again.status_code == 302
    clinic.refresh_from_db()
    assert (clinic.phone, clinic.city) == ("11 11 11 11", "Slagelse")


def test_an_unchanged_row_saves_at_once(world, client):
    clinic = world.clinic_a1
    url = reverse("members:edit_clinic", args=[world.cluster_a.slug, clinic.pk])
    client.force_login(world.users["coordinator"])
    seen = seen_value(client.get(url).content.decode())
    response = client.post(url, form_data(clinic, name="Nyt Navn", seen=seen))
    assert response.status_code == 302
    assert Clinic.objects.get(pk=clinic.pk).name == "Nyt Navn"


def person_data(affiliation, **changes):
    person = affiliation.person
    data = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "role": affiliation.role,
        "start": affiliation.start.isoformat(),
    }
    return data | changes


def test_two_people_editing_a_person_the_second_is_told_and_keeps_what_was_typed(world, client):
    affiliation = ClinicAffiliation.objects.get(
        person=world.people["member2"], clinic=world.clinic_a2
    )
    url = reverse("members:edit_affiliation", args=[world.cluster_a.slug, affiliation.pk])
    client.force_login(world.users["coordinator"])
    first = seen_value(client.get(url).content.decode())
    second = seen_value(client.get(url).content.decode())

    saved = client.post(url, person_data(affiliation, phone="22 33 44 55", seen=first))
    assert saved.status_code == 302

    refused = client.post(
        url, person_data(affiliation, name="Morten Skrevet", role="owner", seen=second)
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Ændret af en anden – se de nye oplysninger." in page
    assert "Telefon: 22 33 44 55" in page
    assert 'value="Morten Skrevet"' in page
    affiliation.refresh_from_db()
    affiliation.person.refresh_from_db()
    assert (affiliation.person.name, affiliation.person.phone, affiliation.role) == (
        "Morten Andenklinik",
        "22 33 44 55",
        "employed",
    )

    typed = person_data(affiliation, name="Morten Skrevet", role="owner")
    again = client.post(url, typed | {"seen": seen_value(page)})
    assert again.status_code == 302
    affiliation.refresh_from_db()
    affiliation.person.refresh_from_db()
    assert (affiliation.person.name, affiliation.person.phone, affiliation.role) == (
        "Morten Skrevet",
        "22 33 44 55",
        "owner",
    )


def test_a_change_to_the_role_elsewhere_is_named_in_danish(world, client):
    affiliation = ClinicAffiliation.objects.get(
        person=world.people["member2"], clinic=world.clinic_a2
    )
    url = reverse("members:edit_affiliation", args=[world.cluster_a.slug, affiliation.pk])
    client.force_login(world.users["coordinator"])
    seen = seen_value(client.get(url).content.decode())
    ClinicAffiliation.objects.filter(pk=affiliation.pk).update(role="owner")
    refused = client.post(url, person_data(affiliation, phone="99 99 99 99", seen=seen))
    assert refused.status_code == 200
    assert "Rolle: Ejerlæge" in refused.content.decode()
    affiliation.person.refresh_from_db()
    assert affiliation.person.phone != "99 99 99 99"
