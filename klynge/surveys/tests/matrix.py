"""URL parameters of the surveys app, for the access matrix (values in world.cluster_a)."""


def survey(world, kwargs):
    from klynge.surveys.models import Survey

    return Survey.objects.create(cluster=world.cluster_a, title="Spirometri i klinikken").pk


def survey_question(world, kwargs):
    from klynge.surveys.models import Question

    return Question.objects.create(
        survey_id=kwargs["survey"], text="Hvor ofte?", kind=Question.Kind.SCALE
    ).pk


URL_KWARGS = {
    "survey": survey,
    "survey_question": survey_question,
    # A bogus token gets the "link does not work" page.
    "survey_token": lambda world, kwargs: "not-a-real-token",
}
