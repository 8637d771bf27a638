"""Every spreadsheet export, walked with hostile values in every field a person types: no cell of
any file runs as a formula (issue 11, item 3). A new CSV/XLSX URL must be declared in EXPORTS."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from klynge.clusters.models import Post
from klynge.clusters.tests.test_access_matrix import params_of, url_kwarg_factories, walk
from klynge.conftest import make_person
from klynge.desk.register import SESSION_KEY as REGISTER_SESSION_KEY
from klynge.lib.tables import DANGEROUS
from klynge.meetings.documents import attendance_csv
from klynge.meetings.models import Invitation, Meeting
from klynge.money.models import Claim
from klynge.money.tests import factories
from klynge.surveys.models import Question, Recipient, Response, Survey

pytestmark = pytest.mark.django_db

EVIL = {
    "person": '=HYPERLINK("http://evil.example","klik")',
    "phone": "+45 =1+1",
    "clinic": "+cmd|' /C calc'!A0",
    "address": "-1+1",
    "city": "@SUM(1+1)",
    "cluster": "\t=1+1",
    "title": "\uff1dHYPERLINK(1)",
    "venue": "@venue",
    "comment": "=cmd|' /C calc'!A0",
    "submitter": "-2+3",
}

# Export URL name -> (persona, the hostile values that must show in it, neutralised).
EXPORTS = {
    "desk:overview_export": ("secretariat_kiap", ["cluster"]),
    "desk:register_csv": ("coordinator", ["clinic"]),
    "desk:register_xlsx": ("coordinator", ["clinic"]),
    "members:import_template_csv": ("coordinator", []),
    "members:import_template_xlsx": ("coordinator", []),
    "members:export_csv": ("coordinator", ["person", "phone", "clinic", "address", "city"]),
    "members:export_xlsx": ("coordinator", ["person", "phone", "clinic", "address", "city"]),
    "members:export_ydernumre": ("coordinator", ["clinic"]),
    "meetings:attendance_list_csv": ("coordinator", ["person", "clinic", "cluster", "venue"]),
    "money:export_csv": ("secretariat_kiap", ["cluster", "title", "comment", "submitter"]),
    "money:export_xlsx": ("secretariat_kiap", ["cluster", "title", "comment", "submitter"]),
    "money:payouts_csv": ("secretariat_ekvis", ["person", "cluster"]),
    "money:payouts_xlsx": ("secretariat_ekvis", ["person", "cluster"]),
    "surveys:results_xlsx": ("coordinator", ["person", "comment"]),
}


def export_urls() -> dict[str, str]:
    return {
        name: route
        for name, _pattern, route in walk(get_resolver().url_patterns)
        if route.endswith((".csv", ".xlsx", ".csv$", ".xlsx$"))
    }


def test_every_export_is_walked():
    assert sorted(export_urls()) == sorted(EXPORTS)


@pytest.fixture
def hostile(world):
    """Cluster A with a hostile value in each field a person types."""
    cluster = world.cluster_a
    for each in (cluster, world.cluster_e):  # eKVIS pays honoraria
        each.name = EVIL["cluster"]
        each.save()
    clinic = world.clinic_a2
    clinic.name, clinic.address, clinic.city = EVIL["clinic"], EVIL["address"], EVIL["city"]
    clinic.save()
    person = make_person(EVIL["person"], clinic, email="evil@example.dk", user=True)
    person.phone = EVIL["phone"]
    person.save()
    person.user.name = EVIL["submitter"]
    person.user.save()
    Post.objects.create(cluster=world.cluster_e, person=person, kind=Post.Kind.COORDINATOR,
                        start=date(2020, 1, 1))  # fmt: skip
    meeting = factories.meeting(cluster, title=EVIL["title"])
    Meeting.objects.filter(pk=meeting.pk).update(venue=EVIL["venue"])
    Invitation.objects.create(meeting=meeting, person=person, clinic=clinic)
    claim = factories.claim(cluster, meeting, lines=[("catering", "8250.50")])
    claim.status, claim.decision_comment = Claim.Status.APPROVED, EVIL["comment"]
    claim.approved_amount = claim.computed_refund = Decimal("8250.50")
    claim.submitted_by = person.user
    claim.save()
    meeting.refresh_from_db()
    return meeting


def answered_survey(world, meeting) -> int:
    """A named questionnaire in cluster A with a hostile free-text answer from three people."""
    survey = Survey.objects.create(cluster=world.cluster_a, title=EVIL["title"], anonymous=False)
    question = Question.objects.create(survey=survey, text=EVIL["title"], kind=Question.Kind.TEXT)
    for invitation in meeting.invitations.all()[:1]:
        recipient = Recipient.objects.create(survey=survey, person=invitation.person)
        Response.objects.create(
            survey=survey, recipient=recipient, answers={str(question.pk): EVIL["comment"]}
        )
    for _ in range(2):
        Response.objects.create(survey=survey, answers={str(question.pk): "Hver uge"})
    return survey.pk


def cells(content: bytes, name: str) -> list:
    """Every cell of the file, after checking that none can run as a formula."""
    if name.endswith("xlsx") or content[:2] == b"PK":
        book = load_workbook(io.BytesIO(content))
        found = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                    found.append(cell.value)
        return found
    assert content.startswith(b"\xef\xbb\xbf"), name
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows and all(len(row) == len(rows[0]) for row in rows), name
    return [cell for row in rows for cell in row]


def assert_harmless(values: list, name: str) -> None:
    for value in values:
        if isinstance(value, str) and value:
            code = value[0] == "\t" and value[1:].isdigit()  # a ydernummer kept as text in CSV
            assert code or value[0] not in DANGEROUS, (name, value)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_has_no_formula(name, world, hostile, login):
    persona, shown = EXPORTS[name]
    factories_ = url_kwarg_factories()
    kwargs: dict = {}
    for param in params_of(export_urls()[name]):
        kwargs[param] = factories_[param](world, kwargs)
    if "meeting" in kwargs:
        kwargs["meeting"] = hostile.pk
    if "survey" in kwargs:
        kwargs["survey"] = answered_survey(world, hostile)
    client = login(world.users[persona])
    if name.startswith("desk:register"):
        session = client.session  # KiAP's uploaded list lives in the session; 999999 only there
        session[REGISTER_SESSION_KEY] = {"cluster": world.cluster_a.pk, "ydernumre": ["999999"]}
        session.save()
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, (name, response.status_code)
    assert response["Content-Disposition"].startswith("attachment;")
    values = cells(response.content, name)
    assert_harmless(values, name)
    texts = {str(v).replace("\n", "\r") for v in values if v}
    for key in shown:
        assert "'" + EVIL[key].replace("\n", "\r") in texts, (name, key, sorted(texts))


def test_the_mailed_attendance_list_has_no_formula(hostile):
    values = cells(attendance_csv(hostile), "mail.csv")
    assert_harmless(values, "mail.csv")
    assert "'" + EVIL["person"] in values
