"""Handing the coordinator post over: rights move on the date, the secretariat is told."""

from datetime import date

import time_machine
from post_office.models import Email

from klynge.clusters.access import Role, roles_in
from klynge.clusters.models import Post
from klynge.year.models import Handover
from klynge.year.tests.helpers import local

URL = "/klynger/klynge-a/aar/overdragelse/"


def test_handover_moves_rights_on_the_date_and_tells_the_secretariat(world, login):
    with time_machine.travel(local(date(2027, 5, 12), 10), tick=False):
        client = login(world.users["coordinator"])
        page = client.get(URL).content.decode()
        assert 'value="2027-06-01"' in page  # the first of the next month is suggested
        response = client.post(
            URL,
            {
                "successor": world.people["member"].pk,
                "effective": "2027-06-01",
                "term_end": "2029-05-31",
                "note": "Mette overtager efter aftale i klyngen.",
            },
        )
        assert response.status_code == 302
    old, new = world.users["coordinator"], world.users["member"]
    cluster = world.cluster_a
    assert Role.COORDINATOR in roles_in(old, cluster, on=date(2027, 5, 31))
    assert Role.COORDINATOR not in roles_in(new, cluster, on=date(2027, 5, 31))
    assert Role.COORDINATOR in roles_in(new, cluster, on=date(2027, 6, 1))
    assert Role.COORDINATOR not in roles_in(old, cluster, on=date(2027, 6, 1))
    assert Post.objects.filter(cluster=cluster, kind="coordinator").count() == 2  # history stays
    mail = Email.objects.get(to=[cluster.scheme.secretariat_email])
    assert "Mette Medlem" in mail.message and "1. juni 2027" in mail.message
    assert "Karen Koordinator" in mail.message
    assert Email.objects.filter(to=[world.people["member"].email]).count() == 1
    handover = Handover.objects.get()
    assert handover.history.count() == 1
    # The outgoing post's history says why it ended.
    old_post = Post.objects.get(pk=handover.old_post_id)
    assert old_post.history.filter(history_change_reason__startswith="Overdraget til").exists()


def test_handover_refuses_a_date_in_the_past_and_changes_nothing(world, login):
    with time_machine.travel(local(date(2027, 5, 12), 10), tick=False):
        response = login(world.users["coordinator"]).post(
            URL, {"successor": world.people["member"].pk, "effective": "2027-05-01"}
        )
    assert response.status_code == 200
    assert "Skiftet kan ikke ligge før i dag." in response.content.decode()
    assert not Handover.objects.exists()
    assert Post.objects.get(cluster=world.cluster_a, kind="coordinator").end is None
    assert not Email.objects.exists()


def test_board_member_cannot_hand_over_and_a_pending_handover_can_be_cancelled(world, login):
    with time_machine.travel(local(date(2027, 5, 12), 10), tick=False):
        assert login(world.users["board"]).get(URL).status_code == 403
        client = login(world.users["coordinator"])
        client.post(URL, {"successor": world.people["member"].pk, "effective": "2027-07-01"})
        handover = Handover.objects.get()
        assert f'action="{URL}fortryd/"' in client.get(URL).content.decode()
        assert client.post(URL + "fortryd/", {"handover": "x"}).status_code == 404
        board = login(world.users["board"]).post(URL + "fortryd/", {"handover": handover.pk})
        assert board.status_code == 403 and Handover.objects.exists()
        login(world.users["coordinator"]).post(URL + "fortryd/", {"handover": handover.pk})
    assert not Handover.objects.exists()
    assert Role.COORDINATOR in roles_in(
        world.users["coordinator"], world.cluster_a, date(2027, 8, 1)
    )
    assert Role.COORDINATOR not in roles_in(
        world.users["member"], world.cluster_a, date(2027, 8, 1)
    )
