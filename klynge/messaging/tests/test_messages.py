"""Messages from the coordinator or board: the audiences (by the one member-on-day rule), the
sender named with replies to them, the message list with delivered/failed from the outbox."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from klynge.clusters.models import AccessLog, ClinicAffiliation
from klynge.conftest import make_clinic, make_person
from klynge.meetings import services as meetings
from klynge.meetings.models import Invitation, Meeting
from klynge.meetings.tests.factories import make_meeting
from klynge.messaging import services
from klynge.messaging.models import Message

pytestmark = pytest.mark.django_db


def to_of(message) -> list[str]:
    return sorted(e.to[0] for e in Email.objects.filter(subject=message.subject))


def send(world, kind, meeting=None, clinic=None, user="coordinator", subject="Husk mødet"):
    audience = services.Audience(kind, meeting, clinic)
    return services.send_message(
        world.cluster_a, audience, subject, "Kære alle\nVi ses.", by=world.users[user]
    )


def emails(world, *keys) -> list[str]:
    return sorted(world.people[key].email for key in keys)


ALL = ("coordinator", "board", "member", "member2")


def test_to_all_members_signed_by_the_writer_with_replies_to_them(world):
    leaver = make_person("Lars Udmeldt", world.clinic_a2)
    ClinicAffiliation.objects.filter(person=leaver).update(end=timezone.localdate())
    message = send(world, "members", user="board")
    assert to_of(message) == emails(world, *ALL), "members today, not the one who left"
    mail = Email.objects.get(to=[world.people["member"].email])
    assert mail.headers["Reply-To"] == "Bent Bestyrelse <board@example.dk>"
    assert "Auto-Submitted" not in mail.headers, "a letter a person wrote"
    assert "Bent Bestyrelse" in mail.message and "Bestyrelsen, " in mail.message
    assert "Kære Mette Medlem" in mail.message and "Vi ses." in mail.message
    assert message.sender_name == "Bent Bestyrelse"
    assert message.recipients.count() == 4
    assert message.recipients.exclude(dispatch=None).count() == 4


def test_to_one_clinic_reaches_only_its_members(world):
    message = send(world, "clinic", clinic=world.clinic_a2)
    assert to_of(message) == emails(world, "member2")


def test_a_meetings_non_responders_attendees_and_absentees(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=10)
    meetings.invite(meeting, members, by=None)
    yes = meeting.invitations.get(person=world.people["board"])
    meetings.record_answer(yes, Invitation.Answer.YES, by=None)
    message = send(world, "non_responders", meeting=meeting, subject="Mangler dit svar")
    assert to_of(message) == emails(world, "coordinator", "member", "member2")
    with pytest.raises(services.NotSent) as refused:
        send(world, "attendees", meeting=meeting, subject="Tak for i dag")
    assert refused.value.field == "meeting" and "ikke begyndt" in str(refused.value)
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    meeting.invitations.filter(person=world.people["board"]).update(attendance="present")
    meeting.invitations.filter(person=world.people["member"]).update(attendance="excused")
    meeting.invitations.filter(person=world.people["member2"]).update(attendance="absent")
    assert to_of(send(world, "attendees", meeting=meeting, subject="Tak")) == emails(world, "board")
    assert to_of(send(world, "absentees", meeting=meeting, subject="Savnet")) == emails(
        world, "member", "member2"
    )


def test_meeting_mail_follows_the_meetings_day(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=10)
    meetings.invite(meeting, members, by=None)
    ClinicAffiliation.objects.filter(person=world.people["member2"]).update(
        end=timezone.localdate(meeting.start)
    )
    message = send(world, "non_responders", meeting=meeting)
    assert world.people["member2"].email not in to_of(message)


def test_bad_input_is_shown_next_to_the_field_and_sends_nothing(login, world):
    client = login(world.users["coordinator"])
    url = reverse("messaging:new", args=["klynge-a"])
    page = client.post(url, {"audience": "non_responders", "subject": "Hej <b>", "body": "Tekst"})
    assert page.status_code == 200
    assert "Vælg mødet." in page.text and 'value="Hej &lt;b&gt;"' in page.text
    page = client.post(url, {"audience": "clinic", "subject": "Hej", "body": ""})
    assert "Vælg klinikken." in page.text or "Skriv en besked." in page.text
    page = client.post(url, {"audience": "everyone", "subject": "", "body": "x"})
    assert "Skriv et emne." in page.text and "Vælg, hvem beskeden skal til." in page.text
    other = make_clinic(world.cluster_b)
    page = client.post(url, {"audience": "clinic", "clinic": other.pk, "subject": "a", "body": "b"})
    assert page.status_code == 200 and "Vælg en af klyngens klinikker." in page.text
    assert Message.objects.count() == 0 and Email.objects.count() == 0


def test_writing_from_the_page_and_reading_who_got_it(login, world):
    client = login(world.users["coordinator"])
    response = client.post(
        reverse("messaging:new", args=["klynge-a"]),
        {
            "audience": "clinic",
            "clinic": world.clinic_a1.pk,
            "subject": "<b>Møde</b>",
            "body": "<i>x</i>",
        },
        follow=True,
    )
    assert "Beskeden er lagt i udbakken til 3 personer." in response.text
    assert "<b>Møde</b>" not in response.text and "&lt;b&gt;Møde&lt;/b&gt;" in response.text
    message = Message.objects.get()
    failed = Email.objects.get(to=[world.people["member"].email])
    failed.status = STATUS.failed
    failed.save()
    Email.objects.filter(to=[world.people["board"].email]).update(status=STATUS.sent)
    page = client.get(reverse("messaging:detail", args=["klynge-a", message.pk])).text
    assert "Mette Medlem" in page and "Fejlet" in page and "Leveret" in page and "Send igen" in page
    assert AccessLog.objects.filter(subject=world.people["member"], action="view").exists()
    listing = client.get(reverse("messaging:list", args=["klynge-a"])).text
    assert "&lt;b&gt;Møde&lt;/b&gt;" in listing and "Én klinik" in listing


def test_members_and_other_clusters_cannot_write(login, world):
    url = reverse("messaging:new", args=["klynge-a"])
    assert login(world.users["member"]).get(url).status_code == 403
    assert login(world.users["other_coordinator"]).get(url).status_code == 404
    response = login(world.users["member"]).post(
        url, {"audience": "members", "subject": "x", "body": "y"}
    )
    assert response.status_code == 403 and Email.objects.count() == 0


@pytest.mark.parametrize("count", [2, 20])
def test_message_list_and_page_use_constant_queries(count, login, world, django_assert_num_queries):
    for n in range(count):
        make_person(f"Person {n}", world.clinic_a2)
    for n in range(count):
        send(world, "members", subject=f"Besked {n}")
    message = Message.objects.first()
    client = login(world.users["coordinator"])
    # session, user, person, cluster, roles (posts and membership), messages with counts
    with django_assert_num_queries(6):
        response = client.get(reverse("messaging:list", args=["klynge-a"]))
    assert response.text.count("/beskeder/") >= count
    # session, user, cluster, person, roles (1), the message, recipients with their mails, the
    # access log (one bulk insert), the outbox status (failed mails' answers: none failed)
    with django_assert_num_queries(9):
        response = client.get(reverse("messaging:detail", args=["klynge-a", message.pk]))
    assert response.text.count("<tr>") == count + 5


def test_meeting_audience_without_a_meeting_is_refused_by_the_rules():
    from klynge.messaging import rules

    assert rules.refusal("members", None, False, False) is None
    assert rules.refusal("attendees", None, False, False)[0] == "meeting"
    assert rules.refusal("clinic", None, False, False)[0] == "clinic"
    assert rules.refusal("non_responders", "held", True, False)[0] == "meeting"
    assert rules.refusal("absentees", "called", False, False)[0] == "meeting"
    assert rules.refusal("absentees", "held", True, False) is None


def test_erasure_and_retention_reach_the_message_list(world):
    from klynge.clusters.audit import Actor
    from klynge.privacy import rules as privacy_rules
    from klynge.privacy import services as privacy

    message = send(world, "members")
    member = world.people["member"]
    privacy.pseudonymise(member, by=Actor.system("test"), reason="test")
    row = message.recipients.get(person=member)
    assert row.name == f"Tidligere medlem {member.pk}" and row.email == ""
    privacy.pseudonymise(world.people["coordinator"], by=Actor.system("test"), reason="test")
    message.refresh_from_db()
    assert message.sender_name.startswith("Tidligere medlem") and message.sender_email == ""
    assert message.recipients.exclude(email="").count() == 2
    later = timezone.localdate() + timedelta(days=31 * (privacy_rules.OUTBOX_MONTHS + 1))
    privacy.expire_rows(later)
    assert not message.recipients.exclude(email="").exists()
    assert message.recipients.count() == 4, "who got it stays, without the address"


def test_a_persons_own_data_lists_the_messages_to_them_and_their_consents(world):
    from klynge.privacy.export import sections

    send(world, "clinic", clinic=world.clinic_a2, subject="Til jeres klinik")
    found = {s.key: s for s in sections(world.people["member2"])}
    assert [r["subject"] for r in found["messages"].rows] == ["Til jeres klinik"]
    assert found["messages"].rows[0]["sender"] == "Karen Koordinator"
    assert found["coordinator_consents"].rows == []
    mine = {s.key: s for s in sections(world.people["coordinator"])}
    assert mine["messages"].rows == []
    assert mine["coordinator_consents"].rows[0]["pass_on"] is False
