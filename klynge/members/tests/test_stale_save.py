"""Two people editing the same clinic: the second save is refused, not silently lost."""

import re

from django.urls import reverse

from klynge.clusters.models import Clinic


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
