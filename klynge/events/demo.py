"""Demo data for scheme events (idempotent): eKVIS invites every coordinator to the coordinator
meeting and one coordinator has answered from the e-mail; last September's meeting was held, with
attendance, so the coordinator's wheel item for it is ticked."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from klynge.accounts.models import User
from klynge.clusters.audit import Actor
from klynge.clusters.models import Scheme
from klynge.events import services
from klynge.events.models import EventInvitation, SchemeEvent
from klynge.meetings.models import Invitation

CPH = ZoneInfo("Europe/Copenhagen")
PROGRAMME = (
    "10.00 Velkomst og nyt fra eKVIS\n"
    "10.30 Data i klyngerne: hvad virker?\n"
    "12.00 Frokost\n"
    "13.00 Erfaringsudveksling mellem koordinatorerne\n"
    "15.30 Tak for i dag"
)
ANSWERING = "ekvis.koordinator"


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), CPH)


def event(scheme, title: str, day: date, by) -> SchemeEvent:
    found = SchemeEvent.objects.filter(scheme=scheme, title=title).first()
    if found is not None:
        return found
    return services.create_event(
        scheme,
        by=by,
        title=title,
        start=at(day, 10),
        end=at(day, 16),
        venue="Odense Congress Center",
        venue_address="Ørbækvej 350, 5220 Odense SØ",
        programme=PROGRAMME,
        answer_deadline=at(day - timedelta(days=14), 12),
    )


def load(world, stdout):
    ekvis = Scheme.objects.get(code="ekvis")
    by = User.objects.filter(secretariat_of=ekvis).order_by("pk").first() or Actor.system("demo")
    today = date.today()
    upcoming = event(ekvis, f"Koordinatortræf {today.year + 1}", today + timedelta(days=45), by)
    if upcoming.status in (SchemeEvent.Status.PLANNING, SchemeEvent.Status.CALLED):
        services.invite(upcoming, by=by)
    person = world.people.get(ANSWERING)
    invitation = EventInvitation.objects.filter(event=upcoming, person=person).first()
    if invitation is not None and invitation.answer == Invitation.Answer.NONE:
        services.record_answer(
            invitation, Invitation.Answer.YES, by=Actor.link(f"svarlink: {person.email}")
        )
    load_held(ekvis, today, by)
    stdout.write("Events: eKVIS' coordinator meeting invited and answered, last one held.")


def load_held(ekvis, today: date, by) -> None:
    """Last September's coordinator meeting: invited then, attended (no mail now)."""
    year = today.year if date(today.year, 9, 10) < today else today.year - 1
    held = event(ekvis, f"Koordinatortræf {year}", date(year, 9, 10), by)
    if held.status == SchemeEvent.Status.HELD:
        return
    for person, cluster, role in services.recipients(held):
        EventInvitation.objects.get_or_create(
            event=held,
            person=person,
            defaults={"cluster": cluster, "role": role, "answer": Invitation.Answer.YES},
        )
    values = {
        invitation.pk: Invitation.Attendance.PRESENT
        for invitation in held.invitations.filter(role=EventInvitation.Role.COORDINATOR)
    }
    services.set_attendance(held, values, by=by)
