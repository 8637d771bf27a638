"""In the browser on a phone: a member answers a questionnaire from the e-mail's link without
logging in, and the coordinator sees the results as accessible bars once three have answered."""

import pytest

from klynge.conftest import axe_violations, scrolls_sideways, session_login
from klynge.surveys import services
from klynge.surveys.models import Response, Survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_answer_from_the_link_and_see_the_results(world, page):
    by = world.users["coordinator"]
    survey = Survey.objects.create(cluster=world.cluster_a, title="Spirometri i klinikken")
    services.add_question(
        survey, text="Udfører I spirometri?", kind="single", options="Ja\nNej", by=by
    )
    services.add_question(survey, text="Hvor sikre er I?", kind="scale", by=by)
    services.add_question(survey, text="Kommentar", kind="text", required=False, by=by)
    services.send_survey(survey, by=by)
    page.set_viewport_size({"width": 390, "height": 844})
    recipient = survey.recipients.get(person=world.people["member"])
    path = services.answer_url(recipient).split("://", 1)[1].split("/", 1)[1]
    page.goto(f"/{path}")
    assert page.get_by_text("Skriv aldrig patientdata").first.is_visible()
    assert not Response.objects.exists(), "opening the link records nothing"
    assert axe_violations(page) == []
    page.get_by_label("Ja").check()
    page.get_by_label("4").check()
    page.get_by_label("Kommentar").fill("Vi vil gerne tale om tolkning")
    page.get_by_role("button", name="Send mit svar").click()
    page.get_by_text("Tak for dit svar. Det er gemt.").wait_for()
    assert Response.objects.count() == 1
    for key in ("member2", "board"):
        other = survey.recipients.get(person=world.people[key])
        question = {q.kind: str(q.pk) for q in survey.questions.all()}
        services.record_answers(other.pk, {question["single"]: "Nej", question["scale"]: 2})
    session_login(page, "coordinator@example.dk")
    page.goto(f"/klynger/{world.cluster_a.slug}/spoergeskemaer/{survey.pk}/resultater/")
    page.get_by_role("heading", name="1. Udfører I spirometri?").wait_for()
    assert page.locator("svg.klynge-bar").count() == 7
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    # The smallest phone the pages are made for, and the coordinator's own list.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert not scrolls_sideways(page)
    page.goto(f"/klynger/{world.cluster_a.slug}/spoergeskemaer/")
    page.get_by_role("link", name="Spirometri i klinikken").wait_for()
    assert not scrolls_sideways(page)
    assert axe_violations(page) == []
    assert page.foreign_requests == []
