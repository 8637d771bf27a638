"""The coordinator meeting and other scheme events: the secretariat creates the event and invites
every coordinator of its scheme (boards if chosen; posts in force on the day) through the outbox
with a calendar file and personal answer links."""

from datetime import date, timedelta

from django.utils import timezone
from post_office.models import Email

from klynge.clusters.models import Post
from klynge.conftest import make_cluster, make_person
from klynge.events import services
from klynge.events.models import EventInvitation, SchemeEvent
from klynge.events.tests.factories import make_event
from klynge.mail.worker import send_outbox
from klynge.meetings.tests.test_meeting_requests import calendars, delivered, shape

LIST = "/ordninger/kiap/arrangementer/"


def test_the_secretariat_creates_an_event(world, login):
    client = login(world.users["secretariat_kiap"])
    start = timezone.localtime() + timedelta(days=40)
    response = client.post(
        LIST + "nyt/",
        {
            "kind": "coordinator_meeting",
            "title": "Koordinatortræf 2027",
            "start": start.strftime("%Y-%m-%dT10:00"),
            "end": start.strftime("%Y-%m-%dT16:00"),
            "venue": "Odense Congress Center",
            "programme": "10.00 Velkomst",
        },
    )
    event = SchemeEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{event.pk}/"
    assert event.scheme == world.kiap and event.status == "planning"
    assert event.history.latest().history_user == world.users["secretariat_kiap"]
    assert "Koordinatortræf 2027" in client.get(LIST).text


def test_bad_input_is_refused_in_danish_keeping_what_was_typed(world, login):
    client = login(world.users["secretariat_kiap"])
    response = client.post(
        LIST + "nyt/",
        {
            "kind": "coordinator_meeting",
            "title": "Træf <i>A</i>",
            "start": "2031-05-01T16:00",
            "end": "2031-05-01T10:00",
        },
    )
    assert response.status_code == 200 and "Slut skal ligge efter start." in response.text
    assert "Træf &lt;i&gt;A&lt;/i&gt;" in response.text
    assert not SchemeEvent.objects.exists()


def test_every_coordinator_of_the_scheme_is_invited_with_calendar_and_answer_link(world, login):
    event = make_event(world.kiap, venue="Odense")
    client = login(world.users["secretariat_kiap"])
    page = client.get(f"{LIST}{event.pk}/").text
    assert "Inviter 2 personer" in page
    assert client.post(f"{LIST}{event.pk}/inviter/").status_code == 302
    invited = {i.person: i for i in event.invitations.select_related("person")}
    assert set(invited) == {world.people["coordinator"], world.people["other_coordinator"]}
    assert invited[world.people["coordinator"]].cluster == world.cluster_a
    assert all(i.role == "coordinator" for i in invited.values())
    event.refresh_from_db()
    assert event.status == "called"
    mails = {email.to[0]: email for email in Email.objects.all()}
    assert set(mails) == {"coordinator@example.dk", "other_coordinator@example.dk"}
    mail = mails["coordinator@example.dk"]
    assert mail.subject == "Invitation: Koordinatortræf – KiAP / PLO"
    assert f"/arrangementer/{event.pk}/svar/" in mail.message and "?svar=ja" in mail.message
    assert "text/calendar; method=REQUEST" in mail.attachments.get().mimetype
    # Pressing again sends nothing twice.
    client.post(f"{LIST}{event.pk}/inviter/")
    assert Email.objects.count() == 2 and event.invitations.count() == 2


def test_the_invitation_is_a_meeting_request_with_the_calendar_inline(world, smtp_server):
    server = smtp_server()
    event = make_event(world.kiap, venue="Odense")
    services.invite(event, by=world.users["secretariat_kiap"])
    assert send_outbox().sent == 2
    (message,) = delivered(server, "coordinator@example.dk")
    assert "2:text/calendar[REQUEST]" in shape(message)
    inline, attached = calendars(message)
    assert inline.to_ical() == attached.to_ical()
    vevent = inline.walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"{event.uid}@klynge" and str(vevent["LOCATION"]) == "Odense"


def test_boards_only_if_chosen_and_posts_in_force_on_the_day(world):
    day = timezone.localdate() + timedelta(days=30)
    # Ole's post ends before the event; Nina takes a post in cluster B that starts before it.
    Post.objects.filter(person=world.people["other_coordinator"]).update(
        end=day - timedelta(days=1)
    )
    nina = make_person("Nina Ny")
    Post.objects.create(
        cluster=world.cluster_b, person=nina, kind="coordinator", start=day - timedelta(days=2)
    )
    event = make_event(world.kiap)
    names = [p.name for p, _c, _r in services.recipients(event)]
    assert names == ["Karen Koordinator", "Nina Ny"]
    event.include_board = True
    roles = {p.name: r for p, _c, r in services.recipients(event)}
    assert roles["Bent Bestyrelse"] == "board" and roles["Karen Koordinator"] == "coordinator"
    # Another scheme's coordinators are never invited.
    other = make_cluster(world.ekvis, "klynge-x", world.region)
    Post.objects.create(
        cluster=other, person=make_person("Eva Ekvis"), kind="coordinator", start=date(2020, 1, 1)
    )
    assert "Eva Ekvis" not in [p.name for p, _c, _r in services.recipients(event)]


def test_no_invitations_once_the_event_has_begun(world, login):
    event = make_event(world.kiap, days=-1)
    client = login(world.users["secretariat_kiap"])
    response = client.post(f"{LIST}{event.pk}/inviter/", follow=True)
    assert "Arrangementet er begyndt" in response.text
    assert not EventInvitation.objects.exists() and not Email.objects.exists()


def test_another_schemes_secretariat_sees_nothing(world, login):
    event = make_event(world.kiap)
    ekvis = login(world.users["secretariat_ekvis"])
    assert ekvis.get(f"{LIST}{event.pk}/").status_code == 403
    assert ekvis.get(f"/ordninger/ekvis/arrangementer/{event.pk}/").status_code == 404
    assert ekvis.post(f"/ordninger/ekvis/arrangementer/{event.pk}/inviter/").status_code == 404
    assert login(world.users["coordinator"]).get(LIST).status_code == 403
    assert not Email.objects.exists()


def test_lists_read_a_constant_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.users["secretariat_kiap"])

    def grow(n):
        for i in range(n):
            cluster = make_cluster(world.kiap, f"ekstra-{i}-{Post.objects.count()}", world.region)
            Post.objects.create(
                cluster=cluster,
                person=make_person(f"Koordinator {i}"),
                kind="coordinator",
                start=date(2020, 1, 1),
            )

    event = make_event(world.kiap)
    services.invite(event, by=None)
    # session, user, events with counts (list); + event, invitations, materials, recipients,
    # access log (detail)
    with django_assert_max_num_queries(6):
        small_list = client.get(LIST)
    with django_assert_max_num_queries(12):
        small = client.get(f"{LIST}{event.pk}/")
    grow(12)
    services.invite(event, by=None)
    make_event(world.kiap, days=60, title="Netværksdag")
    with django_assert_max_num_queries(6):
        large_list = client.get(LIST)
    with django_assert_max_num_queries(12):
        large = client.get(f"{LIST}{event.pk}/")
    assert small.text.count("<td>Koordinator</td>") == 2
    assert large.text.count("<td>Koordinator</td>") == 14
    assert "Netværksdag" in large_list.text and "Netværksdag" not in small_list.text


def test_invited_coordinators_see_the_event_on_their_dashboard(world, login):
    event = make_event(world.kiap, title="Koordinatortræf <b>2027</b>")
    services.invite(event, by=None)
    page = login(world.users["coordinator"]).get("/").text
    assert "Koordinatortræf &lt;b&gt;2027&lt;/b&gt;" in page
    assert f"/arrangementer/{event.pk}/svar/" in page and "Svar nu" in page
    assert "Koordinatortræf" not in login(world.users["member"]).get("/").text
