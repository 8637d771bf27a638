"""The events demo: eKVIS invites every coordinator, one answers from the e-mail, last
September's meeting was held; loading twice changes nothing."""

from io import StringIO
from types import SimpleNamespace

from post_office.models import Email

from klynge.events import demo
from klynge.events.models import EventInvitation, SchemeEvent
from klynge.year.tests.helpers import ekvis_coordinator


def test_demo_invites_answers_and_holds_once(world):
    person = ekvis_coordinator(world)
    fake = SimpleNamespace(people={demo.ANSWERING: person})
    demo.load(fake, StringIO())
    state = (
        SchemeEvent.objects.count(),
        EventInvitation.objects.count(),
        Email.objects.count(),
    )
    demo.load(fake, StringIO())
    assert state == (
        SchemeEvent.objects.count(),
        EventInvitation.objects.count(),
        Email.objects.count(),
    )
    upcoming, held = SchemeEvent.objects.order_by("-start")
    assert upcoming.status == "called" and held.status == "held"
    answered = EventInvitation.objects.get(event=upcoming, person=person)
    assert answered.answer == "yes"
    assert answered.history.latest().history_actor.startswith("svarlink:")
    assert Email.objects.filter(to=person.email).count() == 1
    assert held.invitations.get(person=person).attendance == "present"
