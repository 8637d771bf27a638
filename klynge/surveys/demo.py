"""Demo: the KiAP coordinator (Roskilde) sends a short questionnaire to the members, three answer
through their personal links, and the results are on the next meeting's agenda and materials.
Idempotent: the questionnaire is found by cluster and title."""

from klynge.meetings.models import AgendaItem
from klynge.surveys import results, services
from klynge.surveys.models import Survey

TITLE = "Spirometri i klinikken"
NEXT_MEETING = "Klyngemøde: Diabetes type 2 – opfølgning"
QUESTIONS = [
    ("Udfører klinikken selv spirometri?", "single", "Ja\nNej, vi henviser\nVed ikke"),
    ("Hvem udfører undersøgelsen?", "multiple", "Læge\nSygeplejerske\nSekretær/bioanalytiker"),
    ("Hvor sikre er I i at tolke resultatet?", "scale", ""),
    ("Omtrent hvor mange spirometrier pr. måned?", "number", ""),
    ("Hvad vil I gerne drøfte på mødet?", "text", ""),
]
ANSWERS = [
    ("Ja", ["Sygeplejerske"], 4, "12", "Kvalitetssikring af apparatet"),
    ("Ja", ["Læge", "Sygeplejerske"], 3, "8", "Tolkning ved grænseværdier"),
    ("Nej, vi henviser", [], 2, "", "Hvornår skal vi henvise?"),
]


def load(world, stdout):
    cluster = world.clusters["roskilde"]
    user = world.people["koordinator"].user
    if cluster.surveys.filter(title=TITLE).exists():
        return
    survey = services.create_survey(
        cluster,
        by=user,
        title=TITLE,
        intro="Et kort spørgeskema før næste klyngemøde. Svarene er anonyme.",
        anonymous=True,
        audience=Survey.Audience.MEMBERS,
    )
    for text, kind, options in QUESTIONS:
        services.add_question(survey, text=text, kind=kind, options=options, by=user)
    services.send_survey(survey, by=user)
    questions = list(survey.questions.all())
    for recipient, values in zip(survey.recipients.order_by("pk"), ANSWERS, strict=False):
        answers = {
            str(q.pk): v for q, v in zip(questions, values, strict=True) if v not in ("", [])
        }
        services.record_answers(recipient.pk, answers)
    meeting = cluster.meetings.filter(title=NEXT_MEETING).first()
    if meeting is not None:
        loaded, responses = results.load(survey)
        services.attach_to_meeting(survey, meeting, results.pdf(survey, loaded, responses), by=user)
        AgendaItem.objects.create(
            meeting=meeting,
            position=90,
            title="Resultater af spørgeskemaet om spirometri",
            basis=AgendaItem.Basis.OWN_DATA,
            survey=survey,
        )
    stdout.write("surveys: a questionnaire sent, three answers, results at the next meeting")
