"""Invitations, calendar files, changes and cancellations, follow-ups and the absence rule."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from klynge.clusters.models import Clinic
from klynge.mail.models import Dispatch
from klynge.meetings import absence, services
from klynge.meetings.models import Action, Invitation, Meeting
from klynge.meetings.tests.factories import make_action, make_meeting

pytestmark = pytest.mark.django_db


def ics_of(email) -> Calendar:
    attachment = email.attachments.get(name="invitation.ics")
    return Calendar.from_ical(attachment.file.read())


def test_invite_creates_invitations_and_one_mail_per_person(world, members, rules):
    meeting = make_meeting(world.cluster_a)
    queued = services.invite(meeting, members, by=world.users["coordinator"])
    assert queued == 4
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CALLED
    assert meeting.answer_deadline == meeting.start - timedelta(days=14)
    assert sorted(Email.objects.values_list("to", flat=True)) == sorted(
        [[p.email] for p in members]
    )
    member = meeting.invitations.get(person=world.people["member"])
    assert member.clinic == world.clinic_a1 and member.role == "employed"
    assert member.invited_at is not None
    # Calling it again (a double click, a retry) queues nothing.
    assert services.invite(meeting, members, by=None) == 0
    assert Email.objects.count() == 4


def test_calendar_file_has_method_uid_tz_organizer_attendee(world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    email = Email.objects.get(to=[world.people["member"].email])
    calendar = ics_of(email)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@klynge"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTSTART"].dt == meeting.start
    # Answers go to Klynge's reply mailbox, under the coordinator's name.
    assert str(event["ORGANIZER"]) == "mailto:svar@klynge.example.dk"
    assert event["ORGANIZER"].params["CN"] == world.people["coordinator"].name
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert [str(a) for a in attendees] == [f"mailto:{world.people['member'].email}"]
    assert int(event["SEQUENCE"]) == 0
    assert calendar.walk("VTIMEZONE"), "the time zone is described in the file"
    assert "text/calendar" in email.attachments.get().mimetype
    # The mail links to a personal answer page.
    assert "/svar/" in email.message and "?svar=ja" in email.message


def test_change_sends_same_uid_with_higher_sequence(world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    meeting.start += timedelta(hours=1)
    meeting.end += timedelta(hours=1)
    queued = services.meeting_changed(meeting, by=None)
    assert queued == 4
    mails = Email.objects.filter(to=[world.people["member"].email]).order_by("created", "pk")
    first, second = (ics_of(m).walk("VEVENT")[0] for m in mails)
    assert first["UID"] == second["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert second["DTSTART"].dt == meeting.start


def test_cancel_sends_cancel_once(world, members, rules):
    meeting = make_meeting(world.cluster_a)
    services.invite(meeting, members, by=None)
    assert services.cancel(meeting, "Sygdom", by=None) == 4
    assert services.cancel(meeting, "Sygdom", by=None) == 0
    email = Email.objects.filter(to=[world.people["member"].email]).latest("pk")
    calendar = ics_of(email)
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_invite_needs_a_start(world, members):
    meeting = services.create_meeting(world.cluster_a, title="Uden dato", by=None)
    with pytest.raises(ValueError):
        services.invite(meeting, members, by=None)
    assert not Dispatch.objects.exists()


def test_new_meeting_starts_with_followup_item(world):
    meeting = make_meeting(world.cluster_a)
    first = meeting.agenda.get()
    assert first.is_followup and first.title == "Opfølgning fra sidste møde"


def test_open_actions_and_owners(world):
    earlier = make_meeting(world.cluster_a, days=-30, status=Meeting.Status.HELD)
    mine = make_action(world.cluster_a, earlier, owner_person=world.people["member"])
    clinic = make_action(world.cluster_a, earlier, owner_clinic=world.clinic_a1)
    everyone = make_action(world.cluster_a, earlier)
    other_clinic = make_action(world.cluster_a, earlier, owner_clinic=world.clinic_a2)
    done = make_action(world.cluster_a, earlier, status=Action.Status.DONE)
    make_action(world.cluster_b, None)
    assert set(services.open_actions(world.cluster_a)) == {mine, clinic, everyone, other_clinic}
    owned = set(services.actions_owned_by(world.people["member"], [world.cluster_a]))
    assert owned == {mine, clinic, everyone}
    services.set_action_status(mine, Action.Status.DONE, by=None)
    assert mine not in set(services.open_actions(world.cluster_a))
    assert done.status == "done"


def test_absence_rule(world, rules):
    year = timezone.localdate().year
    people = [world.people["member"], world.people["member2"], world.people["board"]]
    present, excused, absent = (
        Invitation.Attendance.PRESENT,
        Invitation.Attendance.EXCUSED,
        Invitation.Attendance.ABSENT,
    )
    plan = [  # member, member2, board
        (present, excused, present),
        (excused, absent, present),
        (present, present, present),
    ]
    start = timezone.make_aware(timezone.datetime(year, 1, 10, 17))
    for n, row in enumerate(plan):
        meeting = services.create_meeting(
            world.cluster_a, title=f"M{n}", start=start + timedelta(days=n), status="held", by=None
        )
        for person, attendance in zip(people, row, strict=True):
            Invitation.objects.create(meeting=meeting, person=person, attendance=attendance)
    # A cancelled meeting does not count.
    cancelled = services.create_meeting(
        world.cluster_a, title="X", start=start, status="cancelled", by=None
    )
    Invitation.objects.create(meeting=cancelled, person=people[2], attendance=absent)
    records = {r.person.name: r for r in absence.absence_records(world.cluster_a, year)}
    assert records["Morten Andenklinik"].missed == 2
    assert records["Morten Andenklinik"].status == "over"
    assert records["Mette Medlem"].status == "at_limit"
    assert records["Bent Bestyrelse"].status == "ok" and records["Bent Bestyrelse"].held == 3
    own = absence.absence_records(world.cluster_a, year, person=people[0])
    assert [r.person for r in own] == [people[0]]


def test_clinic_and_role_prefers_doctor_role(world):
    from klynge.clusters.models import ClinicAffiliation
    from klynge.conftest import make_clinic

    person = world.people["member"]
    other = make_clinic(world.cluster_a)
    ClinicAffiliation.objects.filter(person=person).update(role="staff")
    ClinicAffiliation.objects.create(person=person, clinic=other, role="owner")
    found = services.clinic_and_role([person.pk], world.cluster_a, timezone.localdate())
    assert found[person.pk] == (other.pk, "owner")
    assert Clinic.objects.count() >= 4


def test_a_bad_address_skips_one_person_not_everyone(world, members, rules):
    members[0].email = "not an address"
    members[0].save()
    meeting = make_meeting(world.cluster_a)
    assert services.invite(meeting, members, by=None) == 3
    assert meeting.invitations.count() == 4


def test_short_notice_gets_a_deadline_that_has_not_passed(world, members, rules):
    meeting = make_meeting(world.cluster_a, days=5)
    services.invite(meeting, members, by=None)
    meeting.refresh_from_db()
    assert meeting.answer_deadline == meeting.start - timedelta(days=1)
    assert services.answer_open(meeting)
