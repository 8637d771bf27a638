"""Every change to a questionnaire: building it, sending it through the outbox, recording an
answer (once per person), closing it and attaching its results to a meeting as material."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klynge.clusters.audit import service
from klynge.clusters.models import Person
from klynge.lib import files
from klynge.mail.outbox import absolute, queue_mail
from klynge.meetings import services as meetings
from klynge.meetings.models import Material
from klynge.surveys import rules, tokens
from klynge.surveys.models import Question, Recipient, Response, Survey


class Refused(ValidationError):
    """A step the questionnaire does not allow now; str() is the Danish reason."""

    def __str__(self):
        return " ".join(str(message) for message in self.messages)


def answer_url(recipient) -> str:
    with translation.override("da"):
        path = reverse("surveys:answer", args=[tokens.answer_token(recipient)])
    return absolute(path)


@service
def create_survey(cluster, *, by, **fields) -> Survey:
    return Survey.objects.create(cluster=cluster, created_by=by, **fields)


@service
def add_question(survey: Survey, *, by, **fields) -> Question:
    if survey.status != Survey.Status.DRAFT:
        raise Refused(_("Spørgeskemaet er sendt; spørgsmålene kan ikke ændres."))
    top = survey.questions.aggregate(top=Max("position"))["top"] or 0
    return Question.objects.create(survey=survey, position=top + 1, **fields)


@service
def delete_question(question: Question, *, by) -> None:
    if question.survey.status != Survey.Status.DRAFT:
        raise Refused(_("Spørgeskemaet er sendt; spørgsmålene kan ikke ændres."))
    question.delete()


def audience(survey: Survey) -> list[Person]:
    """Members today, or the meeting's invitees who are members on its day (as meeting mail)."""
    if survey.audience == Survey.Audience.MEETING and survey.meeting_id:
        return [inv.person for inv in meetings.addressed(survey.meeting)]
    return list(Person.objects.members_of(survey.cluster).order_by("name"))


@service
def send_survey(survey: Survey, *, by) -> int:
    """Send the questionnaire: one mail per person through the outbox, with a personal link.
    Once only (the row is locked; each mail has its key)."""
    given, survey = survey, Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise Refused(_("Spørgeskemaet er allerede sendt."))
    if not survey.questions.exists():
        raise Refused(_("Tilføj mindst ét spørgsmål, før spørgeskemaet sendes."))
    if survey.audience == Survey.Audience.MEETING and survey.meeting_id is None:
        raise Refused(_("Vælg mødet, hvis inviterede skal have spørgeskemaet."))
    people = [p for p in audience(survey) if p.email]
    if not people:
        raise Refused(_("Der er ingen modtagere med en e-mailadresse."))
    now = timezone.now()
    sent = 0
    for person in people:
        recipient, _created = Recipient.objects.get_or_create(survey=survey, person=person)
        context = {"person": person, "survey": survey, "answer_url": answer_url(recipient)}
        try:
            queued = queue_mail(
                "surveys/survey",
                person.email,
                context,
                key=f"surveys.survey:{recipient.pk}",
                cluster=survey.cluster,
                about=survey,
            )
        except ValidationError:
            queued = None
        if queued is not None:
            recipient.sent_at = now
            recipient.save(update_fields=["sent_at"])
            sent += 1
    survey.status = Survey.Status.SENT
    survey.sent_at = now
    survey.save(update_fields=["status", "sent_at"])
    given.status, given.sent_at = survey.status, survey.sent_at
    return sent


@service
def close_survey(survey: Survey, *, by) -> Survey:
    if survey.status == Survey.Status.SENT:
        survey.status = Survey.Status.CLOSED
        survey.closed_at = timezone.now()
        survey.save(update_fields=["status", "closed_at"])
    return survey


def record_answers(recipient_id: int, answers: dict) -> Response:
    """One answer per person: the recipient row is locked, and a second answer is refused. With
    anonymous answers the response is not linked to the person."""
    with transaction.atomic():
        recipient = (
            Recipient.objects.select_for_update(of=("self",))
            .select_related("survey")
            .get(pk=recipient_id)
        )
        survey = recipient.survey
        if survey.status != Survey.Status.SENT:
            raise Refused(_("Spørgeskemaet er lukket for svar."))
        if recipient.answered_on is not None:
            raise Refused(_("Du har allerede svaret. Tak!"))
        today = timezone.localdate()
        recipient.answered_on = today
        recipient.save(update_fields=["answered_on"])
        return Response.objects.create(
            survey=survey,
            recipient=None if survey.anonymous else recipient,
            answers=answers,
            submitted_on=today,
        )


@service
def attach_to_meeting(survey: Survey, meeting, pdf: bytes, *, by) -> Material:
    """The results as a PDF among the meeting's materials (only from the minimum of answers)."""
    if not rules.can_show(survey.responses.count()):
        raise Refused(_("Resultaterne vises først fra %(n)s svar.") % {"n": rules.MIN_ANSWERS})
    if meeting.cluster_id != survey.cluster_id:
        raise Refused(_("Mødet hører ikke til klyngen."))
    material = Material(
        meeting=meeting,
        label=_("Resultater: %(title)s.pdf") % {"title": survey.title},
        mime=files.PDF.mime,
        size=len(pdf),
        uploaded_by=by,
    )
    material.file.save(
        files.server_name(f"meetings/{meeting.cluster_id}", files.PDF), ContentFile(pdf), save=False
    )
    material.save()
    return material
