"""The member list, the clinic page and the membership's life, through the browser's requests."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import AccessLog, Clinic, ClinicAffiliation, ClusterMembership, Person
from klynge.conftest import make_clinic, make_person, writes_as
from klynge.mail.models import Dispatch
from klynge.members.models import FollowUp, LeaveNotice, ListedPatients, MembershipEvent


def url(name, world, *args):
    return reverse(f"members:{name}", args=[world.cluster_a.slug, *args])


# --- 1. The member list


@pytest.mark.parametrize("clinics", [5, 100])
def test_member_list_uses_the_same_queries_for_5_and_100_clinics(
    clinics, world, coordinator, django_assert_num_queries
):
    for index in range(clinics - 2):
        clinic = make_clinic(world.cluster_a)
        make_person(f"Læge {index}", clinic)
    # session, user, cluster, the user's person, roles (posts and membership), page count,
    # the user's own clinics, the page of memberships, their people, the access log (one insert)
    with django_assert_num_queries(10):
        response = coordinator.get(url("list", world))
    assert response.status_code == 200
    assert f"{clinics} klinikker" in response.text


def test_member_sees_names_and_roles_but_only_shared_contacts(world, login):
    make_person("Sara Sky", world.clinic_a2, email="sara.sky@example.dk")
    open_ = make_person("Otto Åben", world.clinic_a2, email="otto.aaben@example.dk")
    open_.share_contact = True
    open_.save()
    response = login(world.users["member"]).get(url("list", world))
    assert "Sara Sky" in response.text and "Ejerlæge" in response.text
    assert "sara.sky@example.dk" not in response.text
    assert "otto.aaben@example.dk" in response.text
    # The member's own clinic's people are colleagues: their contact shows.
    assert "coordinator@example.dk" in response.text
    coordinator_page = login(world.users["coordinator"]).get(url("list", world))
    assert "sara.sky@example.dk" in coordinator_page.text


def test_search_and_filter(world, coordinator):
    make_person("Zacharias Unik", world.clinic_a2)
    response = coordinator.get(url("list", world), {"q": "Zacharias"})
    assert world.clinic_a2.name in response.text
    assert world.clinic_a1.name not in response.text
    response = coordinator.get(url("list", world), {"q": world.clinic_a1.ydernummer})
    assert world.clinic_a1.name in response.text
    response = coordinator.get(url("list", world), {"status": "ended"})
    assert "0 klinikker" in response.text
    assert AccessLog.objects.filter(action="search", cluster=world.cluster_a).exists()


def test_htmx_search_returns_the_results_fragment(world, coordinator):
    response = coordinator.get(
        url("list", world),
        {"q": "Lægehuset"},
        headers={"HX-Request": "true", "HX-Target": "member-results"},
    )
    assert response.text.lstrip().startswith('<div id="member-results"')
    assert "<html" not in response.text


def test_member_list_is_paginated(world, coordinator):
    for _ in range(30):
        make_clinic(world.cluster_a)
    response = coordinator.get(url("list", world))
    assert "Side 1 af 2" in response.text
    response = coordinator.get(url("list", world), {"side": 2})
    assert "Side 2 af 2" in response.text


def test_list_is_written_to_the_access_log(world, coordinator):
    coordinator.get(url("list", world))
    logged = set(
        AccessLog.objects.filter(cluster=world.cluster_a, action="view").values_list(
            "subject_id", flat=True
        )
    )
    assert world.people["member"].pk in logged
    assert AccessLog.objects.filter(purpose="Medlemsliste").exists()


# --- 2. The clinic page


def test_clinic_page_shows_people_history_and_listed_patients(world, coordinator):
    world.clinic_a1.listed_patients.create(year=2025, count=2345)
    response = coordinator.get(url("clinic", world, world.clinic_a1.pk))
    text = response.text
    assert "Karen Koordinator" in text and "Ansat læge" in text
    assert "2.345" in text
    assert "Medlemskabets historik" in text
    assert AccessLog.objects.filter(purpose="Klinikside", subject=world.people["member"]).exists()


def test_clinic_of_another_cluster_is_404(world, coordinator):
    response = coordinator.get(url("clinic", world, world.clinic_b1.pk))
    assert response.status_code == 404


def test_listed_patients_are_saved_per_year_and_updated(world, coordinator):
    target = url("listed_patients", world, world.clinic_a1.pk)
    with writes_as(ListedPatients) as seen:
        coordinator.post(target, {"year": 2025, "count": 2000})
        coordinator.post(target, {"year": 2025, "count": 2100})
    assert seen == [world.users["coordinator"].email] * 2  # through the service, as the user
    assert list(world.clinic_a1.listed_patients.values_list("year", "count")) == [(2025, 2100)]
    # Both the entry and the correction name the coordinator in the history.
    records = world.clinic_a1.listed_patients.get().history.order_by("history_date")
    assert [(r.count, r.history_user) for r in records] == [
        (2000, world.users["coordinator"]),
        (2100, world.users["coordinator"]),
    ]
    response = coordinator.post(target, {"year": 1990, "count": 5})
    assert "Skriv et årstal" in response.text


# --- 3. Add a clinic


def test_add_new_clinic_by_ydernummer(world, coordinator):
    response = coordinator.post(
        url("add_clinic", world),
        {"ydernummer": "12345", "name": "Lægerne Nytorv", "joined": "2026-01-01"},
    )
    clinic = Clinic.objects.get(ydernummer="012345")
    assert response.status_code == 302
    membership = world.cluster_a.memberships.get(clinic=clinic)
    assert membership.joined == date(2026, 1, 1)
    assert clinic.region == world.cluster_a.region
    assert membership.events.get().kind == MembershipEvent.Kind.JOINED


@pytest.mark.parametrize(
    ("typed", "message"), [("12a45", "kun af cifre"), ("1234567", "højst 6 cifre"), ("", "Skriv")]
)
def test_bad_ydernummer_gets_a_danish_message_and_changes_nothing(
    typed, message, world, coordinator
):
    before = Clinic.objects.count()
    response = coordinator.post(url("add_clinic", world), {"ydernummer": typed, "name": "X"})
    assert response.status_code == 200
    assert message in response.text
    assert f'value="{typed}"' in response.text or not typed
    assert Clinic.objects.count() == before


def test_new_clinic_needs_a_name(world, coordinator):
    response = coordinator.post(
        url("add_clinic", world), {"ydernummer": "777777", "joined": "2026-01-01"}
    )
    assert "skriv klinikkens navn" in response.text
    assert not Clinic.objects.filter(ydernummer="777777").exists()


def test_clinic_active_elsewhere_needs_confirmation(world, coordinator):
    data = {"ydernummer": world.clinic_b1.ydernummer, "joined": "2026-01-01"}
    response = coordinator.post(url("add_clinic", world), data)
    assert "allerede aktivt medlem af Klynge klynge-b" in response.text
    assert not world.cluster_a.memberships.filter(clinic=world.clinic_b1).exists()
    response = coordinator.post(url("add_clinic", world), {**data, "confirm_other": "on"})
    assert response.status_code == 302
    assert world.cluster_a.memberships.filter(clinic=world.clinic_b1, left=None).exists()
    assert world.cluster_b.memberships.filter(clinic=world.clinic_b1, left=None).exists()


def test_clinic_already_member_is_refused(world, coordinator):
    response = coordinator.post(
        url("add_clinic", world), {"ydernummer": world.clinic_a1.ydernummer, "joined": "2026-01-01"}
    )
    assert "allerede medlem af klyngen" in response.text


def test_readding_a_clinic_that_left_keeps_its_history(world, coordinator):
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    coordinator.post(
        url("end_membership", world, world.clinic_a2.pk),
        {"left": "2025-06-30", "reason": "left"},
    )
    coordinator.post(
        url("add_clinic", world), {"ydernummer": world.clinic_a2.ydernummer, "joined": "2026-02-01"}
    )
    memberships = list(
        world.cluster_a.memberships.filter(clinic=world.clinic_a2).order_by("joined")
    )
    assert [m.pk for m in memberships][0] == membership.pk
    # "Udmeldt pr. 30.06.2025" is the last day; `left` is the first day out.
    assert memberships[0].left == date(2025, 7, 1)
    assert memberships[0].last_day == date(2025, 6, 30)
    assert memberships[1].left is None and memberships[1].joined == date(2026, 2, 1)
    kinds = set(
        MembershipEvent.objects.filter(membership__clinic=world.clinic_a2).values_list(
            "kind", flat=True
        )
    )
    assert {"ended", "rejoined"} <= kinds
    page = coordinator.get(url("clinic", world, world.clinic_a2.pk))
    assert "Genindmeldt" in page.text and "Udmeldt" in page.text


# --- 4. In doubt, end


def test_mark_in_doubt_creates_a_follow_up_and_confirm_closes_it(world, coordinator):
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    coordinator.post(
        url("in_doubt", world, world.clinic_a2.pk), {"note": "Solgt?", "follow_up_by": due}
    )
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    assert membership.status == ClusterMembership.Status.IN_DOUBT
    task = FollowUp.objects.get(membership=membership)
    assert task.done_at is None
    coordinator.post(url("confirm_active", world, world.clinic_a2.pk), {"note": "Afklaret"})
    membership.refresh_from_db()
    task.refresh_from_db()
    assert membership.status == ClusterMembership.Status.ACTIVE
    assert task.done_at is not None
    assert list(membership.events.order_by("at").values_list("kind", flat=True)) == [
        "in_doubt",
        "confirmed",
    ]


def test_in_doubt_needs_a_note_and_a_future_date(world, coordinator):
    response = coordinator.post(
        url("in_doubt", world, world.clinic_a2.pk), {"note": "", "follow_up_by": "2000-01-01"}
    )
    assert "Datoen ligger i fortiden" in response.text
    assert world.cluster_a.memberships.get(clinic=world.clinic_a2).status == "active"


def test_end_membership_with_other_reason_needs_a_note(world, coordinator):
    response = coordinator.post(
        url("end_membership", world, world.clinic_a2.pk), {"left": "2026-01-01", "reason": "other"}
    )
    assert "Skriv årsagen" in response.text
    assert world.cluster_a.memberships.get(clinic=world.clinic_a2).left is None


def test_end_before_joined_is_refused(world, coordinator):
    response = coordinator.post(
        url("end_membership", world, world.clinic_a2.pk), {"left": "2019-01-01", "reason": "left"}
    )
    assert "kan ikke ligge før" in response.text


# --- 5. The notice


def test_ending_an_active_membership_drafts_the_notice_and_sending_queues_one_mail(
    world, coordinator
):
    response = coordinator.post(
        url("end_membership", world, world.clinic_a2.pk),
        {"left": "2026-03-31", "reason": "left", "note": "Flytter til en anden klynge"},
    )
    notice = LeaveNotice.objects.get(membership__clinic=world.clinic_a2)
    assert response["Location"] == url("notice", world, notice.pk)
    assert notice.to == world.region.notice_email
    assert world.clinic_a2.ydernummer in notice.body
    assert "31. marts 2026" in notice.body
    assert "Karen Koordinator" in notice.body and "coordinator@example.dk" in notice.body
    assert Dispatch.objects.count() == 0  # nothing is sent before the coordinator reviews it
    page = coordinator.get(url("notice", world, notice.pk))
    assert "Send beskeden" in page.text
    data = {"action": "send", "subject": notice.subject, "body": notice.body + "\nHilsen Karen"}
    coordinator.post(url("notice", world, notice.pk), data)
    coordinator.post(url("notice", world, notice.pk), data)  # a double click
    notice.refresh_from_db()
    assert notice.status == LeaveNotice.Status.SENT
    dispatch = Dispatch.objects.get()
    assert dispatch.recipient == world.region.notice_email
    assert "Hilsen Karen" in dispatch.email.message
    events = MembershipEvent.objects.filter(membership__clinic=world.clinic_a2, kind="notice_sent")
    assert events.count() == 1
    assert "KAP-S" in events.get().note


def test_a_notice_can_be_dismissed_with_a_reason(world, coordinator):
    coordinator.post(
        url("end_membership", world, world.clinic_a2.pk), {"left": "2026-03-31", "reason": "ceased"}
    )
    notice = LeaveNotice.objects.get()
    response = coordinator.post(url("dismiss_notice", world, notice.pk), {})
    assert "påkrævet" in response.text
    assert LeaveNotice.objects.get().status == LeaveNotice.Status.DRAFT
    coordinator.post(url("dismiss_notice", world, notice.pk), {"dismiss_reason": "Lukket"})
    notice.refresh_from_db()
    assert notice.status == LeaveNotice.Status.DISMISSED
    assert Dispatch.objects.count() == 0


def test_member_cannot_see_the_notice_or_end_memberships(world, login):
    client = login(world.users["member"])
    response = client.post(
        url("end_membership", world, world.clinic_a2.pk), {"left": "2026-03-31", "reason": "left"}
    )
    assert response.status_code == 403
    assert world.cluster_a.memberships.get(clinic=world.clinic_a2).left is None


# --- 6. People


def test_add_person_to_a_clinic_and_reuse_a_person_by_email(world, coordinator):
    target = url("add_person", world, world.clinic_a2.pk)
    data = {"name": "Ida Ny", "email": "ida@example.dk", "role": "trainee", "start": "2026-02-01"}
    coordinator.post(target, data)
    person = Person.objects.get(email="ida@example.dk")
    coordinator.post(url("add_person", world, world.clinic_a1.pk), {**data, "role": "employed"})
    assert Person.objects.filter(email="ida@example.dk").count() == 1
    assert set(person.affiliations.values_list("clinic_id", flat=True)) == {
        world.clinic_a1.pk,
        world.clinic_a2.pk,
    }
    response = coordinator.post(target, data)
    assert "allerede tilknyttet klinikken" in response.text


def test_add_person_with_bad_email_changes_nothing(world, coordinator):
    before = Person.objects.count()
    response = coordinator.post(
        url("add_person", world, world.clinic_a2.pk),
        {"name": "", "email": "ikke-en-mail", "role": "boss", "start": "2026-02-01"},
    )
    assert "Skriv en gyldig e-mailadresse" in response.text
    assert "Dette felt er påkrævet" in response.text
    assert "ikke-en-mail" in response.text
    assert Person.objects.count() == before


def test_person_who_ends_in_every_clinic_stops_being_a_member_but_keeps_history(
    world, coordinator, other_affiliation
):
    person = world.people["member2"]
    assert person in Person.objects.members_of(world.cluster_a)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    coordinator.post(url("end_affiliation", world, other_affiliation.pk), {"end": yesterday})
    assert person not in Person.objects.members_of(world.cluster_a)
    other_affiliation.refresh_from_db()
    assert other_affiliation.end.isoformat() == yesterday
    page = coordinator.get(url("person", world, person.pk))
    assert "Ikke længere medlem af klyngen" in page.text
    assert other_affiliation.history.count() == 2


def test_edit_affiliation_changes_person_and_role_and_history_shows_it(
    world, coordinator, other_affiliation
):
    edit = url("edit_affiliation", world, other_affiliation.pk)
    coordinator.post(
        edit,
        {
            "name": "Morten Nyt-Navn",
            "email": "morten@example.dk",
            "phone": "",
            "role": "owner",
            "start": "2020-01-01",
            "seen": coordinator.get(edit).context["form"]["seen"].value(),
        },
    )
    other_affiliation.refresh_from_db()
    assert other_affiliation.role == "owner"
    assert other_affiliation.person.name == "Morten Nyt-Navn"
    page = coordinator.get(url("clinic", world, world.clinic_a2.pk))
    assert "Ansat læge → Ejerlæge" in page.text
    assert "Morten Andenklinik → Morten Nyt-Navn" in page.text
    assert "coordinator@example.dk" in page.text


def test_member_may_edit_own_clinic_but_gets_403_for_another_clinic(
    world, login, member_affiliation, other_affiliation
):
    client = login(world.users["member"])
    assert client.get(url("add_person", world, world.clinic_a1.pk)).status_code == 200
    assert client.get(url("add_person", world, world.clinic_a2.pk)).status_code == 403
    response = client.post(
        url("edit_affiliation", world, other_affiliation.pk),
        {"name": "Hacket", "role": "owner", "start": "2020-01-01"},
    )
    assert response.status_code == 403
    assert (
        client.post(
            url("end_affiliation", world, other_affiliation.pk), {"end": "2026-01-01"}
        ).status_code
        == 403
    )
    other_affiliation.refresh_from_db()
    assert other_affiliation.person.name == "Morten Andenklinik" and other_affiliation.end is None
    response = client.post(
        url("add_person", world, world.clinic_a1.pk),
        {"name": "Ny Kollega", "role": "staff", "start": "2026-01-01"},
    )
    assert response.status_code == 302
    assert world.clinic_a1.affiliations.filter(person__name="Ny Kollega").exists()


def test_min_klinik_takes_the_member_to_their_clinic(world, login):
    response = login(world.users["member"]).get(url("my_clinic", world))
    assert response["Location"] == url("clinic", world, world.clinic_a1.pk)


def test_member_of_cluster_a_sees_nothing_of_cluster_b(world, login):
    client = login(world.users["member"])
    slug = world.cluster_b.slug
    assert client.get(reverse("members:list", args=[slug])).status_code == 404
    assert client.get(reverse("members:clinic", args=[slug, world.clinic_b1.pk])).status_code == 404
    response = client.post(
        reverse("members:add_person", args=[slug, world.clinic_b1.pk]),
        {"name": "X", "role": "staff", "start": "2026-01-01"},
    )
    assert response.status_code == 404
    assert not ClinicAffiliation.objects.filter(person__name="X").exists()


def test_person_page_hides_unshared_contact_from_members(world, login):
    person = world.people["member2"]
    response = login(world.users["member"]).get(url("person", world, person.pk))
    assert person.email not in response.text
    assert "deler ikke" in response.text
    response = login(world.users["coordinator"]).get(url("person", world, person.pk))
    assert person.email in response.text


def test_people_of_a_clinic_that_left_are_read_only(world, coordinator, other_affiliation):
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    coordinator.post(
        url("end_membership", world, world.clinic_a2.pk), {"left": "2026-01-31", "reason": "left"}
    )
    membership.refresh_from_db()
    assert membership.left is not None
    response = coordinator.post(
        url("add_person", world, world.clinic_a2.pk),
        {"name": "Sen Tilføjelse", "role": "staff", "start": "2026-02-01"},
    )
    assert response.status_code == 404
    assert not Person.objects.filter(name="Sen Tilføjelse").exists()
    page = coordinator.get(url("clinic", world, world.clinic_a2.pk))
    assert url("edit_affiliation", world, other_affiliation.pk) not in page.text


def test_access_log_purpose_is_danish_also_for_english_pages(world, coordinator):
    target = url("list", world)
    coordinator.get("/en" + target)
    assert AccessLog.objects.filter(purpose="Medlemsliste").exists()
    assert not AccessLog.objects.filter(purpose="Member list").exists()
