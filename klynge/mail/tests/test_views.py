"""Failed mails on the meeting page, and "Send igen"."""

from django.urls import reverse
from post_office.models import STATUS, Email, Log

from klynge.mail.models import Dispatch
from klynge.mail.outbox import status_for
from klynge.mail.worker import send_outbox


def fail_one(world, queue_many, smtp_server, about):
    server = smtp_server(reject={"p1@example.dk"})
    queue_many(3, about=about, cluster=world.cluster_a)
    send_outbox()
    return server, Dispatch.objects.get(recipient="p1@example.dk")


def test_the_meeting_page_lists_failed_mails_with_the_servers_answer(
    world, login, queue_many, smtp_server, django_assert_max_num_queries
):
    from klynge.meetings.tests.factories import make_meeting

    meeting = make_meeting(world.cluster_a)
    fail_one(world, queue_many, smtp_server, about=meeting)
    delivery = status_for(meeting)
    assert (delivery.sent, delivery.queued, delivery.failed) == (2, 0, 1)
    assert delivery.failures[0].answer == "550 5.1.1 Modtageren findes ikke"
    page = login(world.users["coordinator"]).get(
        reverse("meetings:detail", args=[world.cluster_a.slug, meeting.pk])
    )
    text = page.content.decode()
    assert "p1@example.dk" in text and "550 5.1.1 Modtageren findes ikke" in text
    assert (
        reverse("mail:resend", args=[world.cluster_a.slug, delivery.failures[0].dispatch]) in text
    )


def test_status_for_costs_one_query_and_a_second_when_some_failed(
    world, queue_many, smtp_server, django_assert_num_queries
):
    queue_many(4, about=world.cluster_a, cluster=world.cluster_a, prefix="ok")
    send_outbox()
    with django_assert_num_queries(1):
        status_for(world.cluster_a)
    fail_one(world, queue_many, smtp_server, about=world.cluster_a)
    with django_assert_num_queries(2):  # the dispatches with their mails; the failures' logs
        assert status_for(world.cluster_a).failed == 1


def test_send_igen_requeues_the_failed_mail_and_it_arrives(world, login, queue_many, smtp_server):
    server, dispatch = fail_one(world, queue_many, smtp_server, about=world.cluster_a)
    server.reject.clear()  # the recipient's mailbox is fixed
    url = reverse("mail:resend", args=[world.cluster_a.slug, dispatch.pk])
    back = f"/klynger/{world.cluster_a.slug}/"
    coordinator = login(world.users["coordinator"])
    response = coordinator.post(url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert Email.objects.get(pk=dispatch.email_id).status == STATUS.queued
    coordinator.post(url, {"next": "https://evil.example/"})  # twice: still one mail
    send_outbox()
    assert server.recipients().count("p1@example.dk") == 1
    assert Log.objects.filter(email_id=dispatch.email_id).count() == 1  # the 550 stays on record


def test_send_igen_needs_a_manager_of_the_mails_cluster_and_a_post(
    world, login, queue_many, smtp_server
):
    _server, dispatch = fail_one(world, queue_many, smtp_server, about=world.cluster_a)
    url = reverse("mail:resend", args=[world.cluster_a.slug, dispatch.pk])
    assert login(world.users["member"]).post(url).status_code == 403
    assert login(world.users["other_coordinator"]).post(url).status_code == 404
    foreign = reverse("mail:resend", args=[world.cluster_b.slug, dispatch.pk])
    assert login(world.users["other_coordinator"]).post(foreign).status_code == 404
    assert login(world.users["coordinator"]).get(url).status_code == 405
    assert Email.objects.get(pk=dispatch.email_id).status == STATUS.failed


def test_the_leave_notice_page_lists_its_failed_mail_with_send_igen(world, login, smtp_server):
    from klynge.members.models import LeaveNotice

    smtp_server(reject={world.region.notice_email})
    coordinator = login(world.users["coordinator"])
    coordinator.post(
        reverse("members:end_membership", args=[world.cluster_a.slug, world.clinic_a2.pk]),
        {"left": "2026-03-31", "reason": "left"},
    )
    notice = LeaveNotice.objects.get(membership__clinic=world.clinic_a2)
    url = reverse("members:notice", args=[world.cluster_a.slug, notice.pk])
    coordinator.post(url, {"action": "send", "subject": notice.subject, "body": notice.body})
    send_outbox()
    text = coordinator.get(url).content.decode()
    dispatch = Dispatch.objects.get(recipient=world.region.notice_email)
    assert "550 5.1.1 Modtageren findes ikke" in text
    assert reverse("mail:resend", args=[world.cluster_a.slug, dispatch.pk]) in text
