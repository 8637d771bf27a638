"""Every e-mail is written as a sender should: through the base layout, in its language, signed,
saying why it comes, hostile values escaped in HTML and left alone in text, with its headers."""

from datetime import date, datetime
from decimal import Decimal
from email import message_from_bytes
from pathlib import Path
from types import SimpleNamespace as NS
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from klynge.mail.outbox import queue_mail

HOSTILE = '<b>"Ærø & Co"</b>'
ESCAPED = "&lt;b&gt;&quot;Ærø &amp; Co&quot;&lt;/b&gt;"
WHEN = datetime(2026, 9, 17, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
DAY = date(2026, 9, 1)
URL = "https://klynge.example.dk/x/?a=1&b=2"


class Named(NS):
    def __str__(self):
        return self.title


def samples() -> dict:
    """A context for every mail template, every text a hostile value."""
    person = NS(name=HOSTILE, email="p@example.dk")
    meeting = Named(
        title=HOSTILE,
        start=WHEN,
        end=WHEN,
        topic=HOSTILE,
        answer_deadline=WHEN,
        venue=HOSTILE,
        venue_address=HOSTILE,
        agenda=NS(all=[NS(title=HOSTILE, position=1)]),
    )
    claim = {
        "meeting": meeting,
        "url": URL,
        "claim": NS(
            get_status_display=HOSTILE,
            approved_amount=Decimal("1234.50"),
            computed_refund=Decimal("1234.50"),
            decision_comment=HOSTILE,
        ),
    }
    return {
        **meeting_samples(person, meeting),
        "desk_news": {
            "person": person,
            "news": NS(title=HOSTILE, body=HOSTILE),
            "scheme": NS(name=HOSTILE),
            "url": URL,
        },
        "desk_question": {"question": NS(author_name=HOSTILE, body=HOSTILE), "url": URL},
        "desk_answer": {"person": person, "question": NS(body=HOSTILE), "url": URL},
        "members_leave_notice": {"subject": HOSTILE, "body": f"{HOSTILE}\n\n{HOSTILE}"},
        "members_self_service": {
            "clinic": NS(name=HOSTILE),
            "url": URL,
            "days": 30,
            "expires": WHEN,
        },
        **{f"money_claim_{event}": claim for event in ("approved", "paid", "received")},
        **{f"money_claim_{event}": claim for event in ("rejected", "submitted")},
        **year_samples(person, meeting),
    }


def meeting_samples(person, meeting) -> dict:
    meet = {"person": person, "meeting": meeting, "meeting_url": URL, "answer_url": URL}
    return {
        "meetings/attendance_list": {"meeting": meeting, "present": 3},
        "meetings/call_list": {**meet, "count": 2, "list_url": URL},
        "meetings/cancelled": {**meet, "reason": HOSTILE},
        "meetings/invitation": {**meet, "location": HOSTILE},
        "meetings/materials": {**meet, "materials": [NS(label=HOSTILE)]},
        "meetings/minutes": meet,
        "meetings/poll": {
            **meet,
            "options": [NS(start=WHEN)],
            "poll_url": URL,
            "poll": NS(deadline=DAY),
        },
        "meetings/poll_reminder": {
            **meet,
            "options": [NS(start=WHEN)],
            "poll_url": URL,
            "poll": NS(deadline=DAY),
        },
        "meetings/poll_chosen": meet,
        "messaging/message": {
            "person": person,
            "message": NS(subject=HOSTILE, body=f"{HOSTILE}\n\n{HOSTILE}", sender_name=HOSTILE),
        },
        "surveys/survey": {
            "person": person,
            "survey": NS(title=HOSTILE, intro=HOSTILE, anonymous=True, cluster=NS(name=HOSTILE)),
            "answer_url": URL,
        },
        "events/invitation": {
            "person": person,
            "event": NS(
                title=HOSTILE,
                start=WHEN,
                end=WHEN,
                location=HOSTILE,
                answer_deadline=WHEN,
                programme=f"{HOSTILE}\n{HOSTILE}",
            ),
            "scheme": NS(name=HOSTILE),
            "cluster": NS(name=HOSTILE),
            "answer_url": URL,
        },
        "meetings/reminder": meet,
        "meetings/reply_forward": {**meet, "subject": HOSTILE, "text": HOSTILE},
        "meetings/updated": {**meet, "location": HOSTILE},
    }


def year_samples(person, meeting) -> dict:
    item = NS(due=DAY, url="/x/", title=HOSTILE, source=HOSTILE)
    handover = NS(
        outgoing=NS(name=HOSTILE),
        successor=NS(name=HOSTILE, email="s@example.dk"),
        effective=DAY,
        note=HOSTILE,
    )
    year = {"person": person, "meeting": meeting, "url": URL}
    return {
        "year_assembly_final": {
            **year,
            "agenda": [HOSTILE],
            "proposals": [NS(title=HOSTILE, text=HOSTILE)],
            "answer_url": URL,
        },
        "year_assembly_minutes": year,
        "year_assembly_preliminary": {
            **year,
            "assembly": NS(proposals_deadline=DAY),
            "proposals_url": URL,
        },
        "year_digest": {
            "person": person,
            "overdue": [item],
            "soon": [item],
            "still_open": 2,
            "notes": [NS(day=DAY, url="/x/", title=HOSTILE, source=HOSTILE)],
            "base": "https://klynge.example.dk",
            "wheel_url": URL,
        },
        "year_handover_secretariat": {
            "scheme": NS(name=HOSTILE),
            "handover": handover,
            "months": [(HOSTILE, 3)],
            "url": URL,
        },
        "year_handover_successor": {**year, "handover": handover},
        "year_status_report": {"year": 2026, "report": NS(submitted_at=WHEN), "url": URL},
        "year_status_reopened": {
            "person": person,
            "report": NS(year=2026, reopen_reason=HOSTILE),
            "url": URL,
        },
        **package_samples(person, meeting),
        "year_term_reminder": {
            "person": person,
            "post": NS(get_kind_display=HOSTILE, term_end=DAY),
            "assembly": True,
            "handover_url": URL,
            "assemblies_url": URL,
        },
    }


def package_samples(person, meeting) -> dict:
    order = NS(
        pk=7,
        follow_up_of_id=3,
        follow_up_of=NS(requested_on=DAY),
        note=f"{HOSTILE}\n{HOSTILE}",
        get_status_display=HOSTILE,
    )
    package = {
        "person": person,
        "meeting": meeting,
        "orderer": person,
        "package": NS(title=HOSTILE, provider=HOSTILE),
        "cluster": NS(name=HOSTILE, scheme=NS(name=HOSTILE), region=NS(name=HOSTILE)),
        "order": order,
        "url": URL,
    }
    return {f"year_package_{kind}": package for kind in ("order", "status", "cancelled")}


def mail_templates() -> set[str]:
    """Every mail template in every app (the name queue_mail takes)."""
    folders = [Path(d) / "mail" for d in settings.TEMPLATES[0]["DIRS"]]
    folders += [Path(app.path) / "templates" / "mail" for app in apps.get_app_configs()]
    names = set()
    for folder in folders:
        for path in folder.glob("**/*_body.html"):
            name = str(path.relative_to(folder))[: -len("_body.html")]
            if name != "base":
                names.add(name)
    return names


def test_every_mail_template_has_a_hostile_sample():
    assert mail_templates() == set(samples()), "add the new mail to samples() above"


@pytest.fixture
def hostile(world):
    world.cluster_a.name = HOSTILE
    world.cluster_a.save()
    world.people["coordinator"].name = HOSTILE
    world.people["coordinator"].save()
    return world


def parts(email) -> tuple[str, str]:
    message = message_from_bytes(email.email_message().message().as_bytes())
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return text, html


@pytest.mark.parametrize("template", sorted(samples()))
def test_every_mail_renders_through_the_base_layout_escaped_only_in_html(hostile, template):
    context = {**samples()[template], "cluster": hostile.cluster_a}
    email = queue_mail(
        template, "member@example.dk", context, key=f"t:{template}", cluster=hostile.cluster_a
    )
    text, html = parts(email)
    assert HOSTILE not in html and ESCAPED in html
    assert '<html lang="da">' in html and "Venlig hilsen" in html
    assert "Du får denne e-mail" in html and "Sendt med Klynge for " + ESCAPED in html
    assert HOSTILE in text, "the text part shows what was typed"
    for escaped in ("&amp;", "&lt;", "&quot;", "&#x27;"):
        assert escaped not in text and escaped not in email.subject
    assert "Du får denne e-mail" in text and "Venlig hilsen\n" + HOSTILE in text
    assert email.headers["Auto-Submitted"] == "auto-generated"
    assert email.headers["Reply-To"].endswith("<coordinator@example.dk>")
    assert "List-Unsubscribe" not in email.headers


def test_the_layout_speaks_the_recipients_language(world):
    email = queue_mail(
        "meetings/minutes",
        "member@example.dk",
        {**samples()["meetings/minutes"], "cluster": world.cluster_a},
        key="t:en",
        cluster=world.cluster_a,
        language="en",
    )
    text, html = parts(email)
    assert '<html lang="en">' in html and "Kind regards" in html
    assert "You receive this e-mail" in text and "Cluster coordinator" in text


def queue(world, to, key, **kwargs):
    context = {**samples()["meetings/minutes"], "cluster": world.cluster_a}
    return queue_mail("meetings/minutes", to, context, key=key, cluster=world.cluster_a, **kwargs)


def test_replies_go_to_the_coordinator_or_the_secretariat_as_fits(world):
    secretariat = world.kiap.secretariat_email
    member = queue(world, "member@example.dk", "r:1")
    assert member.headers["Reply-To"] == "Karen Koordinator <coordinator@example.dk>"
    assert "Karen Koordinator\nKlyngekoordinator, Klynge klynge-a" in parts(member)[0]
    own = queue(world, "coordinator@example.dk", "r:2")
    assert own.headers["Reply-To"].endswith(f"<{secretariat}>"), "not back to herself"
    decision = queue(world, "coordinator@example.dk", "r:3", voice="secretariat")
    scheme = world.kiap.name
    assert decision.headers["Reply-To"] == f"Sekretariatet for {scheme} <{secretariat}>"
    assert f"Venlig hilsen\n{scheme}\n" in parts(decision)[0]
    nobody = queue_mail("meetings/minutes", "x@example.dk", {}, key="r:4")
    assert "Reply-To" not in nobody.headers and "kan ikke besvares" in parts(nobody)[0]
    letter = queue(world, "unit@example.dk", "r:5", automatic=False)
    assert "Auto-Submitted" not in letter.headers


def test_optional_mail_stops_with_one_click(world):
    digest = queue(world, "member@example.dk", "o:1", optional=True)
    assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = digest.headers["List-Unsubscribe"].strip("<>")
    assert link in parts(digest)[0] and link.replace("&", "&amp;") in parts(digest)[1]
    path = link.removeprefix(settings.KLYNGE_BASE_URL)
    client = Client(enforce_csrf_checks=True)  # as a mail program posts: no form, no cookie
    asked = client.get(path)
    assert asked.status_code == 200 and b"Ja, afmeld" in asked.content
    assert queue(world, "member@example.dk", "o:2", optional=True) is not None, "not yet"
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Du får ikke længere" in done.content.decode()
    assert queue(world, "MEMBER@example.dk", "o:3", optional=True) is None
    assert queue(world, "member@example.dk", "o:4") is not None, "other mail still comes"
    assert client.post(path).status_code == 200, "twice is fine"
    assert client.get(path[:-3] + "xx/").status_code == 400


def test_account_mails_are_signed_and_marked_automatic(world, client, mailoutbox):
    from django.urls import reverse
    from post_office.models import Email

    client.post(reverse("account_request_login_code"), {"email": "member@example.dk"})
    email = Email.objects.get(to=["member@example.dk"])
    assert email.headers["Auto-Submitted"] == "auto-generated"
    assert "Venlig hilsen\nKlynge" in email.message
    assert "Du får denne e-mail, fordi der er bedt om den til din konto i Klynge." in email.message
