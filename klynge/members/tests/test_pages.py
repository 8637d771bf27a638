"""Every members page renders in Danish for the coordinator, and the panels appear."""

from django.urls import reverse

from klynge.members import services
from klynge.members.tests.matrix import URL_KWARGS

GET_PAGES = [
    "list",
    "add_clinic",
    "my_clinic",
    "clinic",
    "edit_clinic",
    "in_doubt",
    "end_membership",
    "listed_patients",
    "add_person",
    "send_link",
    "notice",
    "person",
    "consent",
    "edit_affiliation",
    "end_affiliation",
    "import",
    "january",
    "consents",
    "self_service",
    "self_service_add",
    "self_service_edit",
    "self_service_end",
]


def url_for(name, world):
    from klynge.clusters.tests.test_access_matrix import ALL, params_of

    route = dict(ALL)[f"members:{name}"][1]
    kwargs = {}
    for param in params_of(route):
        factory = URL_KWARGS.get(param) or (lambda w, k: w.cluster_a.slug)
        kwargs[param] = factory(world, kwargs)
    return reverse(f"members:{name}", kwargs=kwargs)


def test_every_page_renders_for_the_coordinator(world, coordinator):
    for name in GET_PAGES:
        response = coordinator.get(url_for(name, world), follow=True)
        assert response.status_code == 200, name
        assert 'lang="da"' in response.text, name


def test_confirm_active_page_renders_for_a_clinic_in_doubt(world, coordinator):
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a1)
    services.mark_in_doubt(membership, "Solgt?", membership.joined.replace(year=2030), by=None)
    response = coordinator.get(
        reverse("members:confirm_active", args=[world.cluster_a.slug, world.clinic_a1.pk])
    )
    assert response.status_code == 200
    page = coordinator.get(
        reverse("members:clinic", args=[world.cluster_a.slug, world.clinic_a1.pk])
    )
    assert "Afklar status for" in page.text


def test_cluster_page_links_to_the_member_list(world, coordinator):
    response = coordinator.get(reverse("clusters:detail", args=[world.cluster_a.slug]))
    assert reverse("members:list", args=[world.cluster_a.slug]) in response.text
    assert "2 aktive klinikker" in response.text


def test_dashboard_lists_follow_ups_and_draft_notices(world, coordinator):
    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    services.mark_in_doubt(membership, "Solgt?", membership.joined.replace(year=2030), by=None)
    other = world.cluster_a.memberships.get(clinic=world.clinic_a1)
    notice = services.end_membership(other, other.joined.replace(year=2026), "left", "", by=None)
    response = coordinator.get(reverse("dashboard"))
    assert "Afklar status for" in response.text
    assert reverse("members:notice", args=[world.cluster_a.slug, notice.pk]) in response.text


def test_pages_are_available_in_english(world, coordinator):
    members, january = url_for("list", world), url_for("january", world)
    response = coordinator.get("/en" + members)
    assert response.status_code == 200
    assert "Members" in response.text
    assert "Provider number" in response.text
    response = coordinator.get("/en" + january)
    assert "January check of provider numbers" in response.text


def test_secretariat_regional_and_profile_panels(world, login, coordinator):
    from datetime import date

    import time_machine

    from klynge.members.models import LeaveNotice

    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    notice = services.end_membership(membership, date(2026, 3, 31), "left", "", by=None)
    services.send_notice(notice, notice.subject, notice.body, by=None)
    with time_machine.travel(date(2026, 1, 20)):
        page = login(world.users["secretariat_kiap"]).get(reverse("secretariat:home"))
    assert "0 af 2 klynger har tjekket" in page.text
    page = login(world.users["regional"]).get(reverse("secretariat:region"))
    assert world.clinic_a2.ydernummer in page.text
    assert LeaveNotice.objects.get().status == "sent"
    page = login(world.users["member"]).get(reverse("profile"))
    assert "Mine klinikker" in page.text and world.clinic_a1.name in page.text
