"""The coordinator's questionnaires: list and create, questions, send, close, results (page, XLSX,
PDF) and attaching the results to a meeting."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.lib import tables
from klynge.lib.pdf import pdf_response
from klynge.surveys import results, rules, services
from klynge.surveys.forms import NO_PATIENT_DATA, AttachForm, QuestionForm, SurveyForm
from klynge.surveys.lookups import crumbs, get_survey
from klynge.surveys.models import Survey


@cluster_view(MANAGE)
def survey_list(request, cluster):
    form = SurveyForm(request.POST if request.method == "POST" else None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(cluster, by=request.user, **form.cleaned_data)
        messages.success(request, _("Spørgeskemaet er oprettet. Tilføj nu spørgsmålene."))
        return redirect("surveys:detail", cluster.slug, survey.pk)
    surveys = cluster.surveys.select_related("meeting").annotate(
        asked=Count("recipients", distinct=True),
        answered=Count(
            "recipients", filter=Q(recipients__answered_on__isnull=False), distinct=True
        ),
    )
    return render(
        request,
        "surveys/list.html",
        {
            "cluster": cluster,
            "surveys": surveys,
            "form": form,
            "no_patient_data": NO_PATIENT_DATA,
            "breadcrumbs": crumbs(cluster),
        },
        status=400 if form.errors else 200,
    )


@cluster_view(MANAGE)
def detail(request, cluster, survey):
    survey = get_survey(cluster, survey)
    recipients = list(survey.recipients.select_related("person"))
    log_access(request, "view", "Spørgeskema: modtagere", [r.person for r in recipients], cluster)
    return render(
        request,
        "surveys/detail.html",
        {
            "cluster": cluster,
            "survey": survey,
            "questions": survey.questions.all(),
            "recipients": recipients,
            "answered": sum(r.answered_on is not None for r in recipients),
            "question_form": QuestionForm(),
            "no_patient_data": NO_PATIENT_DATA,
            "breadcrumbs": crumbs(cluster, survey),
        },
    )


@cluster_view(MANAGE)
@require_POST
def question_add(request, cluster, survey):
    survey = get_survey(cluster, survey)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(survey, by=request.user, **form.cleaned_data)
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Spørgsmålet er tilføjet."))
        return redirect("surveys:detail", cluster.slug, survey.pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "cluster": cluster,
            "survey": survey,
            "questions": survey.questions.all(),
            "recipients": [],
            "question_form": form,
            "no_patient_data": NO_PATIENT_DATA,
            "breadcrumbs": crumbs(cluster, survey),
        },
        status=400,
    )


@cluster_view(MANAGE)
@require_POST
def question_delete(request, cluster, survey, survey_question):
    survey = get_survey(cluster, survey)
    question = get_object_or_404(survey.questions, pk=survey_question)
    try:
        services.delete_question(question, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    return redirect("surveys:detail", cluster.slug, survey.pk)


@cluster_view(MANAGE)
@require_POST
def send(request, cluster, survey):
    survey = get_survey(cluster, survey)
    try:
        count = services.send_survey(survey, by=request.user)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Spørgeskemaet er sendt til %(n)s.") % {"n": count})
    return redirect("surveys:detail", cluster.slug, survey.pk)


@cluster_view(MANAGE)
@require_POST
def close(request, cluster, survey):
    survey = get_survey(cluster, survey)
    services.close_survey(survey, by=request.user)
    messages.success(request, _("Spørgeskemaet er lukket for flere svar."))
    return redirect("surveys:detail", cluster.slug, survey.pk)


def _shown(request, cluster, survey: Survey, purpose: str):
    """The questions and responses, or None below the minimum of answers (logged if named)."""
    questions, responses = results.load(survey)
    if not rules.can_show(len(responses)):
        return questions, None
    if not survey.anonymous:
        people = [r.recipient.person for r in responses if r.recipient]
        log_access(request, "export" if purpose != "view" else "view", purpose, people, cluster)
    return questions, responses


@cluster_view(MANAGE)
def results_page(request, cluster, survey):
    survey = get_survey(cluster, survey)
    questions, responses = _shown(request, cluster, survey, "view")
    return render(
        request,
        "surveys/results.html",
        {
            "cluster": cluster,
            "survey": survey,
            "rows": results.summaries(questions, responses) if responses is not None else None,
            "count": survey.responses.count(),
            "minimum": rules.MIN_ANSWERS,
            "attach_form": AttachForm(cluster=cluster, initial={"meeting": survey.meeting_id}),
            "breadcrumbs": crumbs(cluster, survey, (_("Resultater"), None)),
        },
    )


def _too_few(request, cluster, survey):
    messages.error(
        request, _("Resultaterne vises først fra %(n)s svar.") % {"n": rules.MIN_ANSWERS}
    )
    return redirect("surveys:results", cluster.slug, survey.pk)


@cluster_view(MANAGE)
def results_xlsx(request, cluster, survey):
    survey = get_survey(cluster, survey)
    questions, responses = _shown(request, cluster, survey, "Spørgeskema: svar (XLSX)")
    if responses is None:
        return _too_few(request, cluster, survey)
    table = results.table(survey, questions, responses)
    return tables.response(table, f"spoergeskema-{survey.pk}", "xlsx")


@cluster_view(MANAGE)
def results_pdf(request, cluster, survey):
    survey = get_survey(cluster, survey)
    questions, responses = _shown(request, cluster, survey, "Spørgeskema: resultater (PDF)")
    if responses is None:
        return _too_few(request, cluster, survey)
    return pdf_response(results.pdf(survey, questions, responses), f"spoergeskema-{survey.pk}")


@cluster_view(MANAGE)
@require_POST
def attach(request, cluster, survey):
    survey = get_survey(cluster, survey)
    form = AttachForm(request.POST, cluster=cluster)
    if not form.is_valid():
        messages.error(request, _("Vælg et af klyngens møder."))
        return redirect("surveys:results", cluster.slug, survey.pk)
    questions, responses = results.load(survey)
    if not rules.can_show(len(responses)):
        return _too_few(request, cluster, survey)
    meeting = form.cleaned_data["meeting"]
    data = results.pdf(survey, questions, responses)
    services.attach_to_meeting(survey, meeting, data, by=request.user)
    messages.success(
        request, _("Resultaterne er lagt på «%(meeting)s» som materiale.") % {"meeting": meeting}
    )
    return redirect("meetings:materials", cluster.slug, meeting.pk)
