"""Answering a questionnaire from the personal link in the e-mail, without login. A GET shows the
form and changes nothing (mail scanners open every link); a POST records, once per person."""

from django.shortcuts import render

from klynge.clusters.access import token_view
from klynge.surveys import services, tokens
from klynge.surveys.forms import NO_PATIENT_DATA, AnswerForm
from klynge.surveys.models import Recipient, Survey

BAD_LINK_STATUS = {"tampered": 400, "foreign": 400, "expired": 410}


def bad_link(request, reason: str):
    return render(
        request, "surveys/bad_link.html", {"reason": reason}, status=BAD_LINK_STATUS[reason]
    )


@token_view
def answer(request, survey_token):
    try:
        data = tokens.read(survey_token)
    except tokens.BadLink as exc:
        return bad_link(request, exc.reason)
    recipient = (
        Recipient.objects.select_related("survey__cluster", "person")
        .filter(pk=data["r"], person_id=data["p"], survey_id=data["s"])
        .first()
    )
    if recipient is None:
        return bad_link(request, "foreign")
    survey = recipient.survey
    questions = list(survey.questions.all())
    is_open = survey.status == Survey.Status.SENT and recipient.answered_on is None
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    saved, refused, status = False, "", 200
    if request.method == "POST":
        if not is_open:
            status = 409
        elif form.is_valid():
            try:
                services.record_answers(recipient.pk, form.answers())
                saved = True
            except services.Refused as exc:
                refused, status = str(exc), 409
        else:
            status = 400
    recipient.refresh_from_db(fields=["answered_on"])
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "recipient": recipient,
            "form": form,
            "saved": saved,
            "refused": refused,
            "is_open": survey.status == Survey.Status.SENT and recipient.answered_on is None,
            "no_patient_data": NO_PATIENT_DATA,
        },
        status=status,
    )
