"""Questionnaires: built by the coordinator, sent through the outbox, answered once through a
personal link without login (GET changes nothing, tampered links refused), anonymous when chosen,
results only from 3 answers, as charts, XLSX and PDF, attached to a meeting as material."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from post_office.models import Email
from pypdf import PdfReader

from klynge.clusters.models import AccessLog
from klynge.conftest import make_person
from klynge.meetings.models import Material, Meeting
from klynge.surveys import rules, services, tokens
from klynge.surveys.models import Recipient, Response, Survey

pytestmark = pytest.mark.django_db

MEMBERS = ("coordinator", "board", "member", "member2")


def url(name, survey, *args):
    return reverse(f"surveys:{name}", args=[survey.cluster.slug, survey.pk, *args])


def link(recipient) -> str:
    return reverse("surveys:answer", args=[tokens.answer_token(recipient)])


def make_survey(world, anonymous=True, **fields):
    survey = Survey.objects.create(
        cluster=world.cluster_a, title="Spirometri", anonymous=anonymous, **fields
    )
    by = world.users["coordinator"]
    services.add_question(
        survey, text="Bruger I spirometri?", kind="single", options="Ja\nNej", by=by
    )
    services.add_question(
        survey, text="Hvem udfører den?", kind="multiple", options="Læge\nSygeplejerske", by=by
    )
    services.add_question(survey, text="Hvor godt fungerer det?", kind="scale", by=by)
    services.add_question(survey, text="Antal pr. måned", kind="number", required=False, by=by)
    services.add_question(survey, text="Kommentar", kind="text", required=False, by=by)
    return survey


def answer_data(survey, single="Ja", scale="4", number="12", text="Fint"):
    q = {question.kind: f"q{question.pk}" for question in survey.questions.all()}
    return {
        q["single"]: single,
        q["multiple"]: ["Læge", "Sygeplejerske"],
        q["scale"]: scale,
        q["number"]: number,
        q["text"]: text,
    }


@pytest.fixture
def sent(world):
    survey = make_survey(world)
    services.send_survey(survey, by=world.users["coordinator"])
    return survey


def test_coordinator_builds_and_sends_through_the_outbox(login, world):
    client = login(world.users["coordinator"])
    bad = client.post(
        reverse("surveys:list", args=["klynge-a"]),
        {"title": "", "intro": "Om KOL", "audience": "members", "anonymous": "on"},
    )
    assert bad.status_code == 400 and "Skriv spørgeskemaets titel." in bad.text
    assert "Om KOL" in bad.text and not Survey.objects.exists()
    assert "Skriv aldrig patientdata" in bad.text
    client.post(
        reverse("surveys:list", args=["klynge-a"]),
        {"title": "KOL <b>", "audience": "members", "anonymous": "on"},
    )
    survey = Survey.objects.get()
    one_option = client.post(
        url("question_add", survey), {"text": "Hvilken?", "kind": "single", "options": "Kun én"}
    )
    assert one_option.status_code == 400 and "Skriv 2–12 svarmuligheder" in one_option.text
    assert "Hvilken?" in one_option.text and not survey.questions.exists()
    refused = client.post(url("send", survey), follow=True)
    assert "Tilføj mindst ét spørgsmål" in refused.text
    client.post(url("question_add", survey), {"text": "Hvor ofte?", "kind": "scale"})
    client.post(url("send", survey))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.SENT
    people = {world.people[key].pk for key in MEMBERS}
    assert set(survey.recipients.values_list("person_id", flat=True)) == people
    mails = Email.objects.filter(to__contains="@example.dk", subject__contains="Spørgeskema")
    assert mails.count() == 4
    mail = mails.get(to__contains="member@example.dk")
    assert "/spoergeskema/" in mail.message and "patientdata" in mail.message
    assert "KOL <b>" in mail.subject
    assert "KOL &lt;b&gt;" in mail.html_message and "KOL <b>" not in mail.html_message
    again = client.post(url("send", survey), follow=True)
    assert "allerede sendt" in again.text
    assert Email.objects.filter(subject__contains="Spørgeskema").count() == 4
    blocked = client.post(
        url("question_add", survey), {"text": "Sent", "kind": "scale"}, follow=True
    )
    assert "kan ikke ændres" in blocked.text and survey.questions.count() == 1


def test_a_meetings_invitees_get_it(world):
    from klynge.meetings import services as meetings
    from klynge.meetings.tests.factories import make_meeting

    meeting = make_meeting(world.cluster_a, days=10)
    meetings.invite(meeting, [world.people["member"], world.people["member2"]], send=False, by=None)
    survey = make_survey(world, audience=Survey.Audience.MEETING, meeting=meeting)
    assert services.send_survey(survey, by=world.users["coordinator"]) == 2
    assert set(survey.recipients.values_list("person__name", flat=True)) == {
        "Mette Medlem",
        "Morten Andenklinik",
    }


def test_the_link_get_changes_nothing_post_records_once(client, world, sent):
    recipient = sent.recipients.get(person=world.people["member"])
    page = client.get(link(recipient))
    assert page.status_code == 200 and "Bruger I spirometri?" in page.text
    assert "Skriv aldrig patientdata" in page.text
    recipient.refresh_from_db()
    assert recipient.answered_on is None and not Response.objects.exists()
    saved = client.post(link(recipient), answer_data(sent))
    assert saved.status_code == 200 and "Tak for dit svar" in saved.text
    again = client.post(link(recipient), answer_data(sent, single="Nej"))
    assert again.status_code == 409 and "Du har allerede svaret" in again.text
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert response.recipient is None, "anonymous: the answer is not linked to the person"
    question = sent.questions.get(kind="single")
    assert response.answers[str(question.pk)] == "Ja"
    with pytest.raises(services.Refused):
        services.record_answers(recipient.pk, {})
    assert "_auth_user_id" not in client.session


def test_tampered_or_foreign_links_are_refused(client, world, sent):
    recipient = sent.recipients.get(person=world.people["member"])
    token = tokens.answer_token(recipient)
    tampered = token[:-3] + ("aaa" if token[-3:] != "aaa" else "bbb")
    for bad in (tampered, "not-a-token", token.replace(":", "", 1)):
        response = client.post(reverse("surveys:answer", args=[bad]), answer_data(sent))
        assert response.status_code == 400 and "Linket er ugyldigt" in response.text
    other = make_survey(world)
    forged = tokens.answer_token(
        Recipient(pk=recipient.pk, person_id=recipient.person_id, survey=other)
    )
    response = client.post(reverse("surveys:answer", args=[forged]), answer_data(sent))
    assert response.status_code == 400 and "passer ikke" in response.text
    assert not Response.objects.exists()
    recipient.refresh_from_db()
    assert recipient.answered_on is None


def test_free_text_is_length_limited_and_bad_input_keeps_what_was_typed(client, world, sent):
    recipient = sent.recipients.get(person=world.people["member"])
    long = answer_data(sent, text="x" * (rules.TEXT_MAX + 1), number="mange")
    response = client.post(link(recipient), long)
    assert response.status_code == 400
    assert "Skriv et tal" in response.text and "500 tegn" in response.text
    assert 'value="Ja" checked' in response.text or "checked" in response.text
    assert not Response.objects.exists()
    missing = client.post(link(recipient), {})
    assert missing.status_code == 400 and not Response.objects.exists()


def test_a_closed_survey_takes_no_answers(client, world, sent):
    services.close_survey(sent, by=world.users["coordinator"])
    recipient = sent.recipients.get(person=world.people["member"])
    assert "lukket for svar" in client.get(link(recipient)).text
    assert client.post(link(recipient), answer_data(sent)).status_code == 409
    assert not Response.objects.exists()


def answer_as(client, survey, keys, **values):
    for key in keys:
        recipient = survey.recipients.get(person__user__email=f"{key}@example.dk")
        assert client.post(link(recipient), answer_data(survey, **values)).status_code == 200


def test_results_only_from_three_answers(client, login, world, sent):
    answer_as(client, sent, ["member", "member2"])
    coordinator = login(world.users["coordinator"])
    page = coordinator.get(url("results", sent))
    assert "vises først, når mindst 3 har svaret" in page.text and "<svg" not in page.text
    assert coordinator.get(url("results_xlsx", sent)).status_code == 302
    assert coordinator.get(url("results_pdf", sent)).status_code == 302
    meeting = Meeting.objects.create(cluster=world.cluster_a, title="Næste møde")
    coordinator.post(url("attach", sent), {"meeting": meeting.pk})
    assert not Material.objects.exists()
    answer_as(client, sent, ["board"], single="Nej", scale="2", text='=HYPERLINK("x")')
    coordinator = login(world.users["coordinator"])
    page = coordinator.get(url("results", sent))
    assert "<svg" in page.text and 'aria-hidden="true"' in page.text
    assert '<th scope="row">Ja</th>' in page.text and "67 %" in page.text
    assert "gennemsnit 3,3" in page.text or "gennemsnit 3.3" in page.text
    book = load_workbook(BytesIO(coordinator.get(url("results_xlsx", sent)).content))
    rows = list(book.active.values)
    assert rows[0][0] == "Bruger I spirometri?", "anonymous: no name column"
    assert len(rows) == 4
    assert any(cell == '\'=HYPERLINK("x")' for row in rows for cell in row)
    pdf = coordinator.get(url("results_pdf", sent))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Spirometri" in text and "3 svar af 4" in text


def test_named_answers_show_names_and_are_logged(client, login, world):
    survey = make_survey(world, anonymous=False)
    services.send_survey(survey, by=world.users["coordinator"])
    answer_as(client, survey, ["member", "member2", "board"])
    assert Response.objects.filter(recipient__isnull=False).count() == 3
    coordinator = login(world.users["coordinator"])
    book = load_workbook(BytesIO(coordinator.get(url("results_xlsx", survey)).content))
    names = {row[0] for row in list(book.active.values)[1:]}
    assert names == {"Mette Medlem", "Morten Andenklinik", "Bent Bestyrelse"}
    assert AccessLog.objects.filter(action="export", purpose__contains="Spørgeskema").exists()


def test_results_are_attached_to_a_meeting_as_material(client, login, world, sent):
    answer_as(client, sent, ["member", "member2", "board"])
    meeting = Meeting.objects.create(cluster=world.cluster_a, title="Næste møde")
    foreign = Meeting.objects.create(cluster=world.cluster_b, title="Andet")
    coordinator = login(world.users["coordinator"])
    coordinator.post(url("attach", sent), {"meeting": foreign.pk})
    assert not Material.objects.exists()
    response = coordinator.post(url("attach", sent), {"meeting": meeting.pk})
    assert response.status_code == 302
    material = Material.objects.get(meeting=meeting)
    assert material.label == "Resultater: Spirometri.pdf" and material.mime == "application/pdf"
    assert material.file.read().startswith(b"%PDF")


def test_members_cannot_manage_surveys(login, world, sent):
    member = login(world.users["member"])
    assert member.get(url("results", sent)).status_code == 403
    other = login(world.users["other_coordinator"])
    assert other.get(url("detail", sent)).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_lists_use_constant_queries(count, client, login, world, django_assert_num_queries):
    people = [
        make_person(f"Person {n}", world.clinic_a1, email=f"p{n}@example.dk") for n in range(count)
    ]
    surveys = [
        Survey.objects.create(cluster=world.cluster_a, title=f"Skema {n}") for n in range(count)
    ]
    survey = make_survey(world)
    services.send_survey(survey, by=world.users["coordinator"])
    assert survey.recipients.count() == count + 4
    answer_as(client, survey, ["member", "member2", "board"])
    coordinator = login(world.users["coordinator"])
    for name, args in (("list", []), ("detail", [survey.pk]), ("results", [survey.pk])):
        path = reverse(f"surveys:{name}", args=["klynge-a", *args])
        coordinator.get(path)
        with django_assert_num_queries(QUERIES[name]):
            response = coordinator.get(path)
        assert response.status_code == 200
    assert len(surveys) == count and len(people) == count


QUERIES = {"list": 7, "detail": 9, "results": 10}


def test_demo_sends_a_questionnaire_three_answer_and_the_next_meeting_shows_it(login, world):
    import io
    from dataclasses import dataclass, field

    from klynge.meetings import demo as meetings_demo
    from klynge.surveys import demo

    @dataclass
    class DemoWorld:
        clusters: dict = field(default_factory=dict)
        people: dict = field(default_factory=dict)

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
    demo.load(fake, io.StringIO())
    demo.load(fake, io.StringIO())
    survey = Survey.objects.get(title=demo.TITLE)
    assert survey.status == Survey.Status.SENT and survey.responses.count() == 3
    assert Email.objects.filter(subject__contains=demo.TITLE).count() == survey.recipients.count()
    meeting = world.cluster_a.meetings.get(title=demo.NEXT_MEETING)
    assert meeting.materials.filter(label__startswith="Resultater: Spirometri").count() == 1
    item = meeting.agenda.get(survey=survey)
    assert item.basis == "own_data"
    page = login(world.users["coordinator"]).get(url("results", survey))
    assert "<svg" in page.text and "Udfører klinikken selv spirometri?" in page.text


def test_the_status_report_counts_questionnaires_and_an_agenda_item_links_one(
    client, login, world, sent
):
    from klynge.year import report

    answer_as(client, sent, ["member", "member2"])
    Survey.objects.create(cluster=world.cluster_a, title="Kladde, ikke sendt")
    year = sent.sent_at.year
    assert report.compute(world.cluster_a, year)["surveys"] == {"sent": 1, "answers": 2}
    assert report.compute(world.cluster_a, year - 1)["surveys"] == {"sent": 0, "answers": 0}
    meeting = Meeting.objects.create(cluster=world.cluster_a, title="Næste møde")
    coordinator = login(world.users["coordinator"])
    agenda = reverse("meetings:agenda", args=["klynge-a", meeting.pk])
    coordinator.post(agenda, {"title": "Resultaterne", "survey": sent.pk})
    item = meeting.agenda.get(title="Resultaterne")
    assert (item.survey, item.basis) == (sent, "own_data")
    assert "spørgeskema «Spirometri»" in coordinator.get(agenda).text
    other = Survey.objects.create(cluster=world.cluster_b, title="Fremmed")
    bad = coordinator.post(agenda, {"title": "Fremmed", "survey": other.pk})
    assert "form-error-message" in bad.text and not meeting.agenda.filter(title="Fremmed").exists()


def test_access_request_shows_named_answers_and_erasure_unlinks_them(client, world):
    from klynge.privacy import export
    from klynge.privacy import services as privacy

    named = make_survey(world, anonymous=False)
    named.title = "Med navn"
    named.save()
    anonymous = make_survey(world)
    for survey in (named, anonymous):
        services.send_survey(survey, by=world.users["coordinator"])
        answer_as(client, survey, ["member"], text="Mit svar")
    member = world.people["member"]
    rows = {row["survey"]: row for row in export.survey_section(member).rows}
    assert "Kommentar: Mit svar" in rows["Med navn"]["answers"]
    assert rows["Spirometri"]["answers"] == "Anonymt svar: gemt uden dit navn"
    privacy.pseudonymise(member, by=world.users["admin"], reason="Test")
    assert Response.objects.filter(survey=named, recipient__isnull=True).count() == 1
    assert not Response.objects.filter(recipient__person=member).exists()
