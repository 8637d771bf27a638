"""Demo meetings for `manage.py demo`: a KiAP and an eKVIS cluster, each with two held meetings
(attendance, decisions, follow-ups, minutes), a called meeting with answers, and a date poll.
Idempotent: meetings are found by cluster and title, and only new ones are filled in."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from klynge.clusters.audit import Actor
from klynge.meetings import polls, services
from klynge.meetings.ics import TZ
from klynge.meetings.models import Action, AgendaItem, Decision, Invitation, Meeting, PollAnswer

PLANS = {
    "roskilde": {
        "coordinator": "koordinator",
        "member": "medlem",
        "venue": ("Roskilde Kongres & Idrætscenter", "Møllehusvej 15, 4000 Roskilde"),
        "held": [
            (
                "Klyngemøde: KOL i almen praksis",
                "Klyngepakke om KOL fra KiAP: spirometri og kontroller",
                130,
            ),
            (
                "Klyngemøde: Antibiotika ved luftvejsinfektioner",
                "Egne data om ordination af antibiotika",
                45,
            ),
        ],
        "called": (
            "Klyngemøde: Diabetes type 2 – opfølgning",
            "Opfølgning på klyngepakken om type 2-diabetes",
            24,
        ),
        "poll": "Klyngemøde: Multisygdom og polyfarmaci",
    },
    "oejenklyngen-nord": {
        "coordinator": "ekvis.koordinator",
        "member": "ekvis.medlem",
        "venue": ("Hotel Hillerød, mødelokale 2", "Milnersvej 41, 3400 Hillerød"),
        "held": [
            (
                "Klyngemøde: Henvisninger til katarakt",
                "Audit af egne henvisninger og ventetider",
                150,
            ),
            ("Klyngemøde: AMD-kontroller", "Fælles retningslinje for kontrolintervaller", 60),
        ],
        "called": (
            "Klyngemøde: Glaukom – nye retningslinjer",
            "Nye kliniske retningslinjer for glaukom",
            26,
        ),
        "poll": "Klyngemøde: Forskning i speciallægepraksis",
    },
}


def at(days: int, hour: int = 17) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def load(world, stdout):
    rng = random.Random(4)
    for slug, plan in PLANS.items():
        cluster = world.clusters[slug]
        coordinator = world.people[plan["coordinator"]]
        member = world.people[plan["member"]]
        people = list(services.default_invitees(cluster))
        for title, topic, days_ago in plan["held"]:
            held_meeting(cluster, coordinator, people, plan["venue"], title, topic, days_ago, rng)
        called_meeting(cluster, coordinator, member, people, plan, rng)
        poll_meeting(cluster, coordinator, people, plan["poll"], rng)
    stdout.write("meetings: demo meetings, answers, attendance and a date poll are loaded")


def held_meeting(cluster, coordinator, people, venue, title, topic, days_ago, rng):
    if cluster.meetings.filter(title=title).exists():
        return
    start = at(-days_ago)
    meeting = services.create_meeting(
        cluster,
        title=title,
        topic=topic,
        start=start,
        end=start + timedelta(hours=3),
        venue=venue[0],
        venue_address=venue[1],
        venue_type=Meeting.VenueType.OUTSIDE,
        catering_ordered=True,
        catering_supplier="Cafe Vigen",
        expected_count=len(people),
        chair=coordinator,
        status=Meeting.Status.HELD,
        answer_deadline=start - timedelta(days=14),
        by=Actor.system("demo"),
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        title="Gennemgang af klinikkernes data",
        responsible=coordinator,
        minutes_allotted=60,
        minutes="Data blev gennemgået klinik for klinik. Stor variation.",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        position=3,
        title="Refleksion i grupper",
        minutes_allotted=45,
        minutes="Grupperne fandt tre forbedringsområder.",
    )
    meeting.minutes_summary = "God stemning og aktiv deltagelse. Aftaler nedenfor."
    meeting.save(update_fields=["minutes_summary"])
    places = services.clinic_and_role([p.pk for p in people], cluster, timezone.localdate(start))
    for person in people:
        roll = rng.random()
        answer, attendance = (
            (Invitation.Answer.YES, Invitation.Attendance.PRESENT)
            if roll < 0.75
            else (Invitation.Answer.NO, Invitation.Attendance.EXCUSED)
            if roll < 0.92
            else (Invitation.Answer.NONE, Invitation.Attendance.ABSENT)
        )
        clinic_id, role = places.get(person.pk, (None, ""))
        Invitation.objects.create(
            meeting=meeting,
            person=person,
            clinic_id=clinic_id,
            role=role,
            answer=answer,
            answered_at=start - timedelta(days=20) if answer != "none" else None,
            answer_reason="Vagt i klinikken" if answer == "no" else "",
            attendance=attendance,
            attendance_version=1,
            invited_at=start - timedelta(days=35),
        )
    Decision.objects.create(meeting=meeting, text=f"Klyngen følger op på «{topic}» om et halvt år.")
    Decision.objects.create(meeting=meeting, text="Næste møde holdes samme sted.")
    Action.objects.create(
        cluster=cluster,
        meeting=meeting,
        text=f"Hver klinik gennemgår egne data om «{topic}» og vælger ét indsatsområde",
        due_next_meeting=True,
        created=start,
    )
    Action.objects.create(
        cluster=cluster,
        meeting=meeting,
        owner_person=coordinator,
        text="Bestil opfølgning på klyngepakken",
        due_date=(start + timedelta(days=30)).date(),
        status=Action.Status.DONE,
        done_at=start + timedelta(days=10),
        created=start,
    )


def called_meeting(cluster, coordinator, member, people, plan, rng):
    title, topic, days_ahead = plan["called"]
    if cluster.meetings.filter(title=title).exists():
        return
    start = at(days_ahead)
    meeting = services.create_meeting(
        cluster,
        title=title,
        topic=topic,
        start=start,
        end=start + timedelta(hours=3),
        venue=plan["venue"][0],
        venue_address=plan["venue"][1],
        chair=coordinator,
        venue_type=Meeting.VenueType.OUTSIDE,
        expected_count=len(people),
        by=Actor.system("demo"),
    )
    AgendaItem.objects.create(
        meeting=meeting, position=2, title=topic, responsible=coordinator, minutes_allotted=90
    )
    services.invite(meeting, people, by=Actor.system("demo"))
    for invitation in meeting.invitations.exclude(person=member):
        roll = rng.random()
        if roll < 0.45:
            services.record_answer(invitation, Invitation.Answer.YES, by=Actor.system("demo"))
        elif roll < 0.6:
            services.record_answer(
                invitation, Invitation.Answer.NO, "Ferie", by=Actor.system("demo")
            )


def poll_meeting(cluster, coordinator, people, title, rng):
    if cluster.meetings.filter(title=title).exists():
        return
    meeting = services.create_meeting(
        cluster, title=title, chair=coordinator, by=Actor.system("demo")
    )
    options = [(at(days), at(days) + timedelta(hours=3)) for days in (60, 63, 67, 74)]
    poll = polls.create_poll(
        meeting,
        options,
        people,
        deadline=timezone.localdate() + timedelta(days=14),
        by=Actor.system("demo"),
    )
    choices = [PollAnswer.Value.YES, PollAnswer.Value.MAYBE, PollAnswer.Value.NO]
    for person in people[: len(people) // 2]:
        polls.answer_poll(
            poll,
            person,
            {o.pk: rng.choice(choices) for o in poll.options.all()},
            by=Actor.system("demo"),
        )
