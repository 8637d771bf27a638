"""Each POST action on tasks, topics and activities is its own view with its own policy: the
buttons post to it, a member is refused and nothing changes, a GET changes nothing."""

from datetime import date

import pytest

from klynge.year.models import ExternalActivity, PlannedTopic, Task

BASE = "/klynger/klynge-a/aar/"


@pytest.fixture
def task(world):
    return Task.objects.create(cluster=world.cluster_a, title="Book lokale", due=date(2027, 3, 1))


def test_a_task_is_ticked_off_unticked_and_deleted_by_its_own_urls(world, login, task):
    page = f"{BASE}opgaver/{task.pk}/"
    client = login(world.users["coordinator"])
    html = client.get(page).content.decode()
    assert f'formaction="{page}udfoert/"' in html and f'formaction="{page}slet/"' in html
    assert client.get(page + "udfoert/").status_code == 405
    response = client.post(page + "udfoert/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}2027/"
    task.refresh_from_db()
    assert task.done_at is not None
    assert f'formaction="{page}ikke-udfoert/"' in client.get(page).content.decode()
    client.post(page + "ikke-udfoert/")
    task.refresh_from_db()
    assert task.done_at is None
    # Saving the form only saves: an old "action" field deletes nothing.
    client.post(page, {"title": "Book stort lokale", "due": "2027-03-02", "action": "delete"})
    task.refresh_from_db()
    assert task.title == "Book stort lokale"
    client.post(page + "slet/")
    assert not Task.objects.exists()


@pytest.mark.parametrize("action", ["udfoert/", "ikke-udfoert/", "slet/"])
def test_a_member_cannot_change_a_task(world, login, task, action):
    response = login(world.users["member"]).post(f"{BASE}opgaver/{task.pk}/{action}")
    assert response.status_code == 403
    assert Task.objects.get().done_at is None


def test_a_topic_and_an_activity_are_deleted_by_their_own_urls(world, login):
    topic = PlannedTopic.objects.create(cluster=world.cluster_a, year=2027, title="KOL")
    activity = ExternalActivity.objects.create(
        cluster=world.cluster_a, date=date(2026, 9, 1), kind="hospital", counterpart="SUH"
    )
    topic_page, activity_page = f"{BASE}emner/{topic.pk}/", f"{BASE}aktiviteter/{activity.pk}/"
    member = login(world.users["member"])
    assert member.post(topic_page + "slet/").status_code == 403
    assert member.post(activity_page + "slet/").status_code == 403
    assert PlannedTopic.objects.exists() and ExternalActivity.objects.exists()
    client = login(world.users["coordinator"])
    assert f'formaction="{topic_page}slet/"' in client.get(topic_page).content.decode()
    assert f'formaction="{activity_page}slet/"' in client.get(activity_page).content.decode()
    response = client.post(topic_page + "slet/")
    assert response["Location"] == f"{BASE}emner/?aar=2027"
    response = client.post(activity_page + "slet/")
    assert response["Location"] == f"{BASE}aktiviteter/"
    assert not PlannedTopic.objects.exists() and not ExternalActivity.objects.exists()
