"""The public directory: only consenting coordinators, no member data; consent from the profile."""

from datetime import date

from klynge.clusters.models import Clinic, Post


def coordinator_post(world):
    return Post.objects.get(cluster=world.cluster_a, person=world.people["coordinator"])


def test_directory_shows_only_consenting_coordinators_and_no_member_data(world, client):
    post = coordinator_post(world)
    post.directory_consent = True
    post.save()
    Post.objects.create(
        cluster=world.cluster_a,
        person=world.people["member2"],
        kind="board",
        start=date(2020, 1, 1),
        directory_consent=True,  # consent on a board post shows nothing
    )
    page = client.get("/klyngeoversigt/").content.decode()
    assert "Karen Koordinator" in page and world.people["coordinator"].email in page
    assert "Ole Andenklynge" not in page  # cluster B's coordinator did not consent
    assert world.people["other_coordinator"].email not in page
    for key in ("member", "member2", "board"):
        assert world.people[key].name not in page
        assert world.people[key].email not in page
        assert world.people[key].phone not in page
    for clinic in Clinic.objects.all():
        assert clinic.ydernummer not in page and clinic.name not in page
    assert "klyngesekretariat.plo@dadl.dk" in page  # the way to reach cluster B
    assert "Klynge klynge-e" in page


def test_directory_filters_and_query_count(world, client, django_assert_num_queries):
    # schemes, regions, clusters, consenting coordinators (the page is public: no session work)
    with django_assert_num_queries(4):
        page = client.get("/klyngeoversigt/?ordning=ekvis").content.decode()
    assert "Klynge klynge-e" in page and "Klynge klynge-a" not in page


def test_consent_is_given_and_withdrawn_from_the_profile_and_logged(world, login, client):
    coordinator = login(world.users["coordinator"])
    profile = coordinator.get("/profil/").content.decode()
    assert "Dine kontaktoplysninger som koordinator" in profile
    post = coordinator_post(world)
    response = coordinator.post("/profil/samtykke/", {"post": post.pk, "consent": "1"})
    assert response.status_code == 302
    client.logout()
    assert "Karen Koordinator" in client.get("/klyngeoversigt/").content.decode()
    coordinator = login(world.users["coordinator"])
    coordinator.post("/profil/samtykke/", {"post": post.pk, "consent": "0"})
    client.logout()
    assert "Karen Koordinator" not in client.get("/klyngeoversigt/").content.decode()
    reasons = list(post.history.values_list("history_change_reason", "history_user"))
    assert ("Samtykke til offentlig oversigt givet", world.users["coordinator"].pk) in reasons
    assert (
        "Samtykke til offentlig oversigt trukket tilbage",
        world.users["coordinator"].pk,
    ) in reasons
    profile = login(world.users["coordinator"]).get("/profil/").content.decode()
    assert "samtykke trukket tilbage" in profile


def test_nobody_can_consent_for_someone_else(world, login):
    post = coordinator_post(world)
    response = login(world.users["member"]).post(
        "/profil/samtykke/", {"post": post.pk, "consent": "1"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.directory_consent is False
