"""URL parameters of the events app, for the access matrix (an event of cluster A's scheme)."""

from klynge.events import tokens
from klynge.events.tests.factories import invitation_for, make_event


def _event(world, kwargs):
    return make_event(world.cluster_a.scheme, venue="Odense").pk


def _material(world, kwargs):
    from klynge.desk.tests.factories import pdf_upload
    from klynge.events import services
    from klynge.events.models import SchemeEvent
    from klynge.lib import files

    event = SchemeEvent.objects.get(pk=kwargs["scheme_event"])
    return services.add_material(event, pdf_upload("Program.pdf"), files.PDF, by=None).pk


def _token(world, kwargs):
    from klynge.events.models import SchemeEvent

    event = SchemeEvent.objects.get(pk=kwargs["scheme_event"])
    invitation = invitation_for(event, world.people["coordinator"], world.cluster_a)
    return tokens.answer_token(invitation)


URL_KWARGS = {
    "scheme_event": _event,
    "event_material": _material,
    "event_token": _token,
}
