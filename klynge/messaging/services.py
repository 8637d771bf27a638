"""Writing to the cluster's people: who a message goes to (by the one member-on-day rule), and
sending it through the outbox signed by the person who wrote it, with replies going to them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.clusters.access import person_of
from klynge.clusters.audit import service
from klynge.clusters.models import Person, Post, person_member_on
from klynge.mail.models import Dispatch
from klynge.mail.sender import Sender
from klynge.meetings import lifecycle
from klynge.meetings import services as meetings
from klynge.meetings.models import Invitation
from klynge.messaging import rules
from klynge.messaging.models import Contact, Message, Recipient


class NotSent(ValidationError):
    """A message that cannot go: str() is the Danish reason; `field` is the form field."""

    def __init__(self, message, field: str):
        super().__init__(message, code=field)
        self.field = field

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


@dataclass
class Audience:
    """Who to write to: the kind, and the meeting or clinic it is about."""

    kind: str
    meeting: object = None
    clinic: object = None


def check(audience: Audience) -> None:
    """Raise `NotSent` when the audience cannot be written to now (see `rules.refusal`)."""
    meeting = audience.meeting
    refused = rules.refusal(
        audience.kind,
        meeting.status if meeting is not None else None,
        meeting is not None and lifecycle.meeting_has_started(meeting),
        audience.clinic is not None,
    )
    if refused is not None:
        field, reason = refused
        raise NotSent(reason, field)


def recipients(cluster, audience: Audience, on=None) -> list[Person]:
    """The people a message goes to, by name. Members today; a meeting's people by the meeting's
    day (as all meeting mail); a clinic's people who are members today."""
    on = on or timezone.localdate()
    kind, meeting = audience.kind, audience.meeting
    if kind == rules.MEMBERS:
        people = Person.objects.members_of(cluster, on)
    elif kind == rules.CLINIC:
        people = Person.objects.filter(
            person_member_on(on),
            affiliations__clinic__memberships__cluster=cluster,
            affiliations__clinic=audience.clinic,
        ).distinct()
    else:
        if kind == rules.NON_RESPONDERS:
            invitations = meetings.non_responders(meeting)
        elif kind == rules.ATTENDEES:
            invitations = meeting.invitations.filter(attendance=Invitation.Attendance.PRESENT)
        else:
            invitations = meeting.invitations.filter(
                attendance__in=[Invitation.Attendance.ABSENT, Invitation.Attendance.EXCUSED]
            )
        chosen = meetings.addressed(meeting, invitations).values("person_id")
        people = Person.objects.filter(pk__in=chosen)
    return list(people.order_by("name", "pk"))


def signature(cluster, person: Person, on) -> Sender:
    """The writer signs with their post in the cluster; replies go to them."""
    kinds = set(
        Post.objects.active(on)
        .filter(cluster=cluster, person=person)
        .values_list("kind", flat=True)
    )
    if Post.Kind.COORDINATOR in kinds:
        role = _("Klyngekoordinator, %(cluster)s") % {"cluster": cluster.name}
    else:
        role = _("Bestyrelsen, %(cluster)s") % {"cluster": cluster.name}
    return Sender(person.name, role, person.name, person.email)


@service
def send_message(cluster, audience: Audience, subject: str, body: str, *, by) -> Message:
    """Write to the audience: one mail each through the outbox (the key names the message and the
    person), kept on the cluster's message list with who got it. `NotSent` says why not."""
    check(audience)
    writer = person_of(by)
    if writer is None or not writer.email:
        raise NotSent(_("Din profil mangler en e-mailadresse, som svarene kan gå til."), "body")
    people = recipients(cluster, audience)
    if not people:
        raise NotSent(_("Der er ingen modtagere i den valgte gruppe."), "audience")
    today = timezone.localdate()
    message = Message.objects.create(
        cluster=cluster,
        audience=audience.kind,
        meeting=audience.meeting,
        clinic=audience.clinic,
        subject=" ".join(subject.split()),
        body=body,
        sender=writer,
        sender_name=writer.name,
        sender_email=writer.email,
        sent_by=by,
    )
    sender = signature(cluster, writer, today)
    prefix = f"messaging.message:{message.pk}:"
    for person in people:
        if person.email:
            meetings.queue(
                "messaging/message",
                person.email,
                {"message": message, "person": person, "cluster": cluster},
                key=f"{prefix}{person.pk}",
                cluster=cluster,
                about=message,
                sender=sender,
                automatic=False,
            )
    dispatches = {
        int(key[len(prefix) :]): pk
        for pk, key in Dispatch.objects.filter(key__startswith=prefix).values_list("pk", "key")
    }
    Recipient.objects.bulk_create(
        Recipient(
            message=message,
            person=person,
            name=person.name,
            email=person.email,
            dispatch_id=dispatches.get(person.pk),
        )
        for person in people
    )
    return message


# --- The address book -----------------------------------------------------------------------------


@service
def save_contact(cluster, contact: Contact, *, by) -> Contact:
    """Add or change an outside contact (the history names who)."""
    contact.cluster = cluster
    contact.save()
    return contact


@service
def delete_contact(contact: Contact, *, by) -> None:
    contact.delete()
