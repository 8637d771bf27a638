"""The messaging demo: the KiAP coordinator reminds non-responders now and writes to one clinic;
loading it again changes nothing."""

import io
from dataclasses import dataclass, field

import pytest
from post_office.models import Email

from klynge.meetings import demo as meetings_demo
from klynge.messaging import demo
from klynge.messaging.models import Contact, Message

pytestmark = pytest.mark.django_db


@dataclass
class DemoWorld:
    clusters: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


def test_demo_reminds_now_writes_to_one_clinic_and_is_idempotent(world):
    fake = DemoWorld(
        clusters={"roskilde": world.cluster_a, "oejenklyngen-nord": world.cluster_b},
        people={
            "koordinator": world.people["coordinator"],
            "medlem": world.people["member"],
            "ekvis.koordinator": world.people["other_coordinator"],
            "ekvis.medlem": world.people["other_coordinator"],
        },
    )
    meetings_demo.load(fake, io.StringIO())
    before = Email.objects.filter(subject__startswith="Påmindelse").count()
    demo.load(fake, io.StringIO())
    reminders = Email.objects.filter(subject__startswith="Påmindelse").count()
    assert reminders > before, "the coordinator reminded the non-responders now"
    message = Message.objects.get(cluster=world.cluster_a)
    assert message.audience == "clinic" and message.recipients.exists()
    assert Contact.objects.filter(cluster=world.cluster_a).count() == len(demo.CONTACTS)
    counts = (Email.objects.count(), Message.objects.count(), Contact.objects.count())
    demo.load(fake, io.StringIO())
    assert counts == (Email.objects.count(), Message.objects.count(), Contact.objects.count())
