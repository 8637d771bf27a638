"""URL parameters of the meetings app, for the access matrix (values in world.cluster_a)."""

from klynge.meetings.models import AgendaItem, Decision, Guest, Meeting
from klynge.meetings.tests.factories import (
    invite_people,
    make_action,
    make_material,
    make_meeting,
)


def meeting(world, kwargs):
    # The member chairs it: views the chair may use (attendance, decisions, minutes) answer them.
    return make_meeting(
        world.cluster_a, status=Meeting.Status.CALLED, chair=world.people["member"]
    ).pk


def agenda_item(world, kwargs):
    return AgendaItem.objects.filter(meeting_id=kwargs["meeting"]).first().pk


def material(world, kwargs):
    return make_material(Meeting.objects.get(pk=kwargs["meeting"])).pk


def invitation(world, kwargs):
    found = Meeting.objects.get(pk=kwargs["meeting"])
    return invite_people(found, [world.people["member"]])[0].pk


def guest(world, kwargs):
    return Guest.objects.create(meeting_id=kwargs["meeting"], name="Oplægsholder Olsen").pk


def meeting_action(world, kwargs):
    # Inside a meeting's pages, one of that meeting's follow-ups; else one of the cluster's.
    found = Meeting.objects.filter(pk=kwargs.get("meeting")).first()
    return make_action(world.cluster_a, meeting=found).pk


def decision(world, kwargs):
    found = Meeting.objects.get(pk=kwargs["meeting"])
    return Decision.objects.create(meeting=found, text="Vi måler blodtryk ens").pk


URL_KWARGS = {
    "meeting": meeting,
    # Token links answer anyone with a clear page; a bogus token gets the "link does not work" page.
    "answer_token": lambda world, kwargs: "not-a-real-token",
    "poll_token": lambda world, kwargs: "not-a-real-token",
    "feed_token": lambda world, kwargs: "x" * 43,
    "agenda_item": agenda_item,
    "material": material,
    "invitation": invitation,
    "guest": guest,
    "meeting_action": meeting_action,
    "decision": decision,
}
