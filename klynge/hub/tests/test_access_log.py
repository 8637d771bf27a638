"""Every look-up of personal data is logged (issue 11, item 4).

PERSONAL names every page and export that shows a person, with who visits it, the purpose its
access-log row must carry and the people it must name. UNLOGGED names the pages that show a name
but are not a look-up, with the reason. Every other page of the resolver is visited as each
persona, and fails if it shows anyone's name: a new page that shows people must log and be listed.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.models import AccessLog, Person, Post
from klynge.clusters.tests.test_access_matrix import OWN, params_of, url_kwarg_factories
from klynge.money.models import Claim
from klynge.money.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def typeset(blank_pdfs, monkeypatch) -> list[str]:
    """The HTML of every PDF made: a PDF's text is compressed, so a name in it cannot be found
    in its bytes; the walk reads the HTML it is typeset from instead (and the PDF is a blank
    page, which saves typesetting; lib/tests/test_pdf.py covers that)."""
    from klynge.lib import pdf

    made: list[str] = []
    blank = pdf.html_to_pdf

    def keep(html: str) -> bytes:
        made.append(html)
        return blank(html)

    monkeypatch.setattr(pdf, "html_to_pdf", keep)
    return made


# URL name -> (persona, purpose, people it names (world.people keys), query string or "POST").
PERSONAL = {
    "desk:overview": ("secretariat_kiap", "Landsoversigt over klynger", ["coordinator"], ""),
    "desk:overview_export": ("secretariat_kiap", "Landsoversigt over klynger", ["coordinator"], ""),
    "meetings:absence": ("coordinator", "Fravær efter klyngens regler", [], ""),
    "meetings:attendance": ("coordinator", "Fremmøde på mødet", ["member"], ""),
    "meetings:attendance_list_csv": ("coordinator", "Mødedeltagerliste (CSV)", ["member"], ""),
    "meetings:attendance_list_pdf": ("coordinator", "Mødedeltagerliste (PDF)", ["member"], ""),
    "meetings:call_list": ("coordinator", "Ringeliste over medlemmer uden svar", ["member"], ""),
    "meetings:detail": ("coordinator", "Mødeside med inviterede og svar", ["member"], ""),
    "meetings:minutes_pdf": ("coordinator", "Mødereferat med fremmøde (PDF)", ["member"], ""),


    # Without JavaScript an item is edited on the whole meeting page.
    "meetings:agenda_edit": ("coordinator", "Mødeside med inviterede og svar", ["member"], ""),
    "meetings:decision_edit": ("coordinator", "Mødeside med inviterede og svar", ["member"], ""),
    "meetings:action_edit": ("coordinator", "Mødeside med inviterede og svar", ["member"], ""),
    "members:clinic": ("coordinator", "Klinikside", ["member"], ""),
    "members:consents": ("coordinator", "Samtykker til dataudtræk", ["member"], ""),
    "members:consent": ("coordinator", "Samtykke", ["member"], ""),
    "members:edit_affiliation": ("coordinator", "Ret person", ["member"], ""),
    "members:end_affiliation": ("coordinator", "Afslut tilknytning", ["member"], ""),
    "members:export_csv": ("coordinator", "Eksport af medlemsliste", ["member"], ""),
    "members:export_xlsx": ("coordinator", "Eksport af medlemsliste", ["member"], ""),
    "members:january": ("coordinator", "Januartjek af ydernumre", ["coordinator"], ""),
    "members:list": ("coordinator", "Medlemsliste", ["member"], ""),
    "members:person": ("coordinator", "Personside", ["member"], ""),
    "members:self_service": ("anonymous", "Selvbetjening via link", ["member"], ""),
    "members:self_service_edit": ("anonymous", "Ret person", ["member"], ""),
    "members:self_service_end": ("anonymous", "Afslut tilknytning", ["member"], ""),
    "money:claim": ("coordinator", "Deltagerliste til refusionskrav", [], ""),
    "money:honorarium": ("coordinator", "Honoraropgørelse", [], ""),
    "money:honorarium_pdf": ("coordinator", "Honoraropgørelse", [], ""),
    "money:pack": ("coordinator", "Refusionspakke med deltagerliste", [], ""),
    "money:inbox": ("secretariat_kiap", "Refusionskrav til behandling", ["coordinator"], ""),
    "money:export_csv": ("secretariat_kiap", "Eksport af godkendte refusionskrav", ["board"], ""),
    "money:export_xlsx": ("secretariat_kiap", "Eksport af godkendte refusionskrav", ["board"], ""),
    "money:payouts": ("secretariat_ekvis", "Honorarer (udbetalingsliste)", ["eva"], ""),
    "money:payouts_csv": ("secretariat_ekvis", "Udbetalingsliste for honorarer", ["eva"], ""),
    "money:payouts_xlsx": ("secretariat_ekvis", "Udbetalingsliste for honorarer", ["eva"], ""),
    "year:assembly_pdf": ("coordinator", "Referat af generalforsamling", [], ""),
    "year:assembly_notice_pdf": ("coordinator", "Indkaldelse til generalforsamling", ["member"], ""),
    "year:assembly_proposals": ("coordinator", "Forslag til generalforsamlingen", ["member"], ""),
    "secretariat:home": ("secretariat_kiap", "Klyngernes koordinatorer", ["coordinator"], ""),
    "secretariat:region": ("regional", "Klyngernes koordinatorer", ["coordinator"], ""),
    "privacy:people": ("secretariat_kiap", "Indsigt og sletning: søgning", ["member2"], "?q=Morten"),
    "privacy:person": ("secretariat_kiap", "Indsigt og sletning", ["member2"], ""),
    "privacy:person_export": ("secretariat_kiap", "Indsigtsanmodning (art. 15)", ["member2"], "POST"),
}  # fmt: skip

PICKER = "the cluster's members only as choices in a form; no one person is looked up"
UNLOGGED = {
    "clusters:detail": "the cluster's office holders (coordinator, board), shown to its members",
    "meetings:agenda": PICKER,
    "meetings:agenda_item": PICKER,
    "meetings:create": PICKER,
    "meetings:edit": PICKER,
    "meetings:invite": PICKER,
    "meetings:outcomes": PICKER,
    "meetings:walk_in": PICKER,
    "meetings:ics": "the meeting's chair, in the calendar file of those invited",
    "events:answer": "the invited person's own answer page, reached only with their personal link",
    "year:assembly_minutes": PICKER,
    "year:handover": "the coordinator's own handover: the coordinator and a choice of successor",
}
PERSONAS = ("coordinator", "member", "secretariat_kiap", "regional")


@pytest.fixture
def seeded(world):
    """Data so that each page in PERSONAL has people to show."""
    coordinator, board = world.users["coordinator"], world.users["board"]
    submitted = factories.claim(world.cluster_a, lines=[("catering", "100")])
    Claim.objects.filter(pk=submitted.pk).update(
        status=Claim.Status.SUBMITTED, submitted_by=coordinator, submitted_at=timezone.now()
    )
    done = factories.claim(world.cluster_a, lines=[("catering", "200")])
    Claim.objects.filter(pk=done.pk).update(
        status=Claim.Status.APPROVED, submitted_by=board, decided_at=timezone.now()
    )
    eva = Person.objects.create(name="Eva Øjenlæge", email="eva@example.dk")
    Post.objects.create(cluster=world.cluster_e, person=eva, kind=Post.Kind.COORDINATOR,
                        start=date(2020, 1, 1))  # fmt: skip
    world.people["eva"] = eva
    from klynge.members.models import JanuaryCheck

    JanuaryCheck.objects.create(cluster=world.cluster_a, year=timezone.localdate().year,
                                checked_by=coordinator)  # fmt: skip
    return world


def url_for(name, world):
    route = next(route for n, _pattern, route in OWN if n == name)
    factories_ = url_kwarg_factories()
    kwargs: dict = {}
    for param in params_of(route):
        kwargs[param] = factories_[param](world, kwargs)
    return reverse(name, kwargs=kwargs), kwargs


def add_proposal(world, kwargs):
    """A proposal by the member on the assembly, the member invited to the meeting."""
    if "meeting" in kwargs:
        from klynge.meetings.models import Meeting
        from klynge.meetings.tests.factories import invite_people

        invite_people(Meeting.objects.get(pk=kwargs["meeting"]), [world.people["member"]])
    if "assembly" in kwargs:
        from klynge.year.models import Proposal

        Proposal.objects.create(assembly_id=kwargs["assembly"], person=world.people["member"],
                                title="Vedtægter", text="Forslag")  # fmt: skip


def test_declared_pages_exist():
    names = {name for name, _pattern, _route in OWN}
    assert set(PERSONAL) - names == set() and set(UNLOGGED) - names == set()
    assert set(PERSONAL) & set(UNLOGGED) == set()


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_a_page_that_shows_people_logs_the_look_up(name, seeded, login):
    persona, purpose, people, query = PERSONAL[name]
    world = seeded
    url, kwargs = url_for(name, world)
    add_proposal(world, kwargs)
    client = login(world.users[persona])
    before = set(AccessLog.objects.values_list("pk", flat=True))
    if query == "POST":
        response = client.post(url)
    else:
        url += query
        response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    rows = AccessLog.objects.exclude(pk__in=before)
    assert rows.exists(), f"{name}: no access-log row"
    assert {row.path for row in rows} == {url}
    user = world.users[persona]
    assert all(row.actor == user for row in rows), name
    assert any(row.purpose.startswith(purpose) for row in rows), (name, {r.purpose for r in rows})
    subjects = {row.subject_id for row in rows}
    for key in people:
        assert world.people[key].pk in subjects, (name, key)


UNDECLARED = [
    name for name, _pattern, _route in OWN if name not in PERSONAL and name not in UNLOGGED
]


@pytest.mark.parametrize("name", UNDECLARED)
def test_no_other_page_shows_a_person(name, seeded, login, typeset):
    """A page not declared above shows nobody's name (else: log the look-up and declare it)."""
    world = seeded
    url, kwargs = url_for(name, world)
    add_proposal(world, kwargs)
    names = [p.name for p in Person.objects.all()]
    for persona in PERSONAS:
        user = world.users[persona]
        typeset.clear()
        response = login(user).get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace") + "".join(typeset)
        own = user.person.name if hasattr(user, "person") else ""
        shown = [n for n in names if n in text and n != own]
        assert shown == [], f"{name} shows {shown} to {persona} without logging"
