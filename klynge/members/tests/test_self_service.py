"""The e-mailed self-service link: signed, valid 14 days, refused clearly when expired, tampered
or revoked, and it never logs anyone in. Changes made through it show in the clinic's change log."""

import re
from datetime import timedelta

import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import Person
from klynge.mail.models import Dispatch
from klynge.members import services
from klynge.members.models import MembershipEvent, SelfServiceLink


def make_link(world):
    link = services.create_self_service_link(
        world.cluster_a, world.clinic_a1, "klinik@example.dk", by=world.users["coordinator"]
    )
    return link, link.token()


def link_url(world, token, name="self_service", *args):
    return reverse(f"members:{name}", args=[world.cluster_a.slug, token, *args])


def test_coordinator_sends_the_link_by_email(world, coordinator):
    url = reverse("members:send_link", args=[world.cluster_a.slug, world.clinic_a1.pk])
    response = coordinator.post(url, {"to": "ikke en mail"})
    assert "Skriv en gyldig e-mailadresse" in response.text
    assert SelfServiceLink.objects.count() == 0
    coordinator.post(url, {"to": "klinik@example.dk"})
    link = SelfServiceLink.objects.get()
    dispatch = Dispatch.objects.get()
    assert dispatch.recipient == "klinik@example.dk"
    # The mailed address carries a token that opens this link (tokens are timestamped, so the
    # token is compared by what it names, not by its text).
    token = re.search(r"/selvbetjening/([^/\s]+)/", dispatch.email.message).group(1)
    assert signing.loads(token, salt=SelfServiceLink.SALT) == {
        "link": link.pk,
        "clinic": link.clinic_id,
    }
    assert "14 dage" in dispatch.email.message
    assert MembershipEvent.objects.filter(kind="link_sent").count() == 1


def test_valid_link_shows_the_clinic_and_never_logs_in(world, client):
    _link, token = make_link(world)
    response = client.get(link_url(world, token))
    assert response.status_code == 200
    assert "Mette Medlem" in response.text
    assert "_auth_user_id" not in client.session
    response = client.post(
        link_url(world, token, "self_service_add"),
        {
            "name": "Ulla Uddannelse",
            "email": "ulla@example.dk",
            "role": "trainee",
            "start": "2026-02-01",
        },
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert reverse("dashboard") != response["Location"]
    assert client.get(reverse("members:list", args=[world.cluster_a.slug])).status_code == 302
    person = Person.objects.get(email="ulla@example.dk")
    record = person.affiliations.get().history.get()
    assert record.history_user is None
    assert "selvbetjeningslink sendt til klinik@example.dk" in record.history_change_reason


def test_changes_through_the_link_show_in_the_coordinators_change_log(
    world, client, coordinator, member_affiliation
):
    _link, token = make_link(world)
    edit = link_url(world, token, "self_service_edit", member_affiliation.pk)
    client.post(
        edit,
        {
            "name": "Mette Medlem",
            "email": "mette.ny@example.dk",
            "phone": "",
            "role": "owner",
            "start": "2020-01-01",
            "seen": client.get(edit).context["form"]["seen"].value(),
        },
    )
    member_affiliation.refresh_from_db()
    assert member_affiliation.role == "owner"
    page = coordinator.get(
        reverse("members:clinic", args=[world.cluster_a.slug, world.clinic_a1.pk])
    )
    assert "Ansat læge → Ejerlæge" in page.text
    assert "mette.ny@example.dk" in page.text
    assert "Via selvbetjeningslink sendt til klinik@example.dk" in page.text


def test_link_cannot_touch_another_clinics_people(world, client, other_affiliation):
    _link, token = make_link(world)
    response = client.post(
        link_url(world, token, "self_service_end", other_affiliation.pk), {"end": "2026-01-01"}
    )
    assert response.status_code == 404
    other_affiliation.refresh_from_db()
    assert other_affiliation.end is None


def test_expired_link_is_refused_with_a_danish_page(world, client):
    with time_machine.travel(timezone.now() - timedelta(days=15)):
        _link, token = make_link(world)
    response = client.get(link_url(world, token))
    assert response.status_code == 410
    assert "Linket er udløbet" in response.text
    response = client.post(
        link_url(world, token, "self_service_add"),
        {"name": "Sen", "role": "staff", "start": "2026-01-01"},
    )
    assert response.status_code == 410
    assert not Person.objects.filter(name="Sen").exists()


def test_link_still_works_on_day_13(world, client):
    with time_machine.travel(timezone.now() - timedelta(days=13)):
        _link, token = make_link(world)
    assert client.get(link_url(world, token)).status_code == 200


def test_tampered_link_is_refused(world, client):
    _link, token = make_link(world)
    other = SelfServiceLink.objects.create(
        cluster=world.cluster_b, clinic=world.clinic_b1, sent_to="x@example.dk"
    )
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "abc", token + "x"):
        response = client.get(link_url(world, bad))
        assert response.status_code == 400
        assert "Linket er ugyldigt" in response.text
    # A genuine link of cluster B used under cluster A's address.
    response = client.get(link_url(world, other.token()))
    assert response.status_code == 400


def test_revoked_link_is_refused(world, client, coordinator):
    link, token = make_link(world)
    coordinator.post(
        reverse("members:revoke_link", args=[world.cluster_a.slug, world.clinic_a1.pk]),
        {"link": link.pk},
    )
    response = client.get(link_url(world, token))
    assert response.status_code == 410
    assert "tilbagekaldt" in response.text


def test_link_of_a_clinic_that_left_is_refused(world, client):
    _link, token = make_link(world)
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a1)
    services.end_membership(membership, timezone.localdate(), "left", "", by=None)
    assert client.get(link_url(world, token)).status_code == 410
