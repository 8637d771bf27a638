"""Materials as attachments, besides the link: when the coordinator chooses and the total is at
most 10 MB; the files are stored once for every recipient's mail, and the worker sends them."""

from email import message_from_bytes

import pytest
from django.urls import reverse
from post_office.models import Attachment, Email

from klynge.meetings import rules, services
from klynge.meetings.tests.factories import PDF_BYTES, make_material, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def called(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=10)
    services.invite(meeting, members, by=None)
    meeting.refresh_from_db()
    return meeting


def stored():
    """The stored attachments other than the invitations' calendar files."""
    return Attachment.objects.exclude(name="invitation.ics")


def material_mails():
    return Email.objects.filter(subject__startswith="Dagsorden og materiale")


@pytest.mark.parametrize(
    ("sizes", "allowed"),
    [
        ([], False),
        ([1], True),
        ([rules.ATTACH_LIMIT], True),
        ([rules.ATTACH_LIMIT // 2, rules.ATTACH_LIMIT // 2 + 1], False),
        ([3 * 1024 * 1024] * 3, True),
        ([3 * 1024 * 1024] * 4, False),
    ],
)
def test_attachments_up_to_ten_megabytes_in_all(sizes, allowed):
    assert rules.may_attach(sizes) is allowed


def test_chosen_attachments_go_with_every_mail_stored_once(login, world, called):
    make_material(called, label="Data om KOL & <x>.exe")
    make_material(called, label="Program.pdf")
    client = login(world.users["coordinator"])
    page = client.get(reverse("meetings:materials", args=["klynge-a", called.pk])).text
    assert 'name="attach"' in page and "Vedhæft også filerne (højst 10,0\xa0MB i alt)" in page
    client.post(reverse("meetings:send_materials", args=["klynge-a", called.pk]), {"attach": "1"})
    mails = list(material_mails())
    assert len(mails) == 4
    assert stored().count() == 2, "one stored copy per file, shared by the mails"
    for mail in mails:
        assert sorted(a.name for a in mail.attachments.all()) == [
            "Data_om_KOL__x.pdf",
            "Program.pdf",
        ]
        assert "Filerne er vedhæftet denne e-mail." in mail.message
        assert "/moeder/" in mail.message, "the link comes too"
    message = message_from_bytes(mails[0].email_message().message().as_bytes())
    files = [part for part in message.walk() if part.get_filename()]
    assert {part.get_filename() for part in files} == {"Program.pdf", "Data_om_KOL__x.pdf"}
    assert all(part.get_payload(decode=True) == PDF_BYTES for part in files)
    assert all(part.get_content_type() == "application/pdf" for part in files)


def test_without_the_choice_only_the_link_goes(login, world, called):
    make_material(called)
    login(world.users["coordinator"]).post(
        reverse("meetings:send_materials", args=["klynge-a", called.pk])
    )
    assert material_mails().count() == 4
    assert not stored().exists()
    assert "vedhæftet" not in material_mails().first().message


def test_too_large_in_all_is_refused_and_nothing_is_sent(login, world, called):
    make_material(called)
    big = make_material(called, label="Stor.pdf")
    big.size = rules.ATTACH_LIMIT
    big.save()
    client = login(world.users["coordinator"])
    response = client.post(
        reverse("meetings:send_materials", args=["klynge-a", called.pk]),
        {"attach": "1"},
        follow=True,
    )
    assert "fylder over 10 MB i alt" in response.text
    assert not material_mails().exists() and not stored().exists()
    called.refresh_from_db()
    assert called.materials_sent_at is None and called.materials_sent_count == 0
