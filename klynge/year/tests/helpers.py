from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from klynge.clusters.models import Post
from klynge.conftest import make_person
from klynge.meetings.models import Meeting

CPH = ZoneInfo("Europe/Copenhagen")


def local(day: date, hour: int = 17, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CPH)


def meeting(cluster, day: date, title="Klyngemøde", status=Meeting.Status.PLANNING, **extra):
    return Meeting.objects.create(
        cluster=cluster, title=title, start=local(day), status=status, **extra
    )


def ekvis_coordinator(world, name="Eva Oejenlaege", start=date(2020, 1, 1), **post):
    """Cluster E (eKVIS) gets a clinic and a coordinator with a log-in."""
    from klynge.conftest import make_clinic

    clinic = make_clinic(world.cluster_e)
    person = make_person(name, clinic, user=True)
    Post.objects.create(
        cluster=world.cluster_e, person=person, kind=Post.Kind.COORDINATOR, start=start, **post
    )
    return person
