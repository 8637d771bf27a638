"""A questionnaire's results: summaries for the page (bars), the XLSX of all answers and the PDF
that can be attached to a meeting. Only from rules.MIN_ANSWERS answers."""

from django.utils import timezone

from klynge.lib import tables
from klynge.lib.pdf import render_pdf
from klynge.surveys import rules
from klynge.surveys.models import Survey


def load(survey: Survey) -> tuple[list, list]:
    """The questions and the responses (with the person when not anonymous): two queries."""
    questions = list(survey.questions.all())
    responses = list(survey.responses.select_related("recipient__person").order_by("pk"))
    return questions, responses


def summaries(questions, responses) -> list[dict]:
    rows = []
    for question in questions:
        values = [r.answers.get(str(question.pk)) for r in responses]
        summary = rules.summarise(question.kind, question.option_list, values)
        rows.append({"question": question, **summary})
    return rows


def _cell(value):
    return "; ".join(value) if isinstance(value, list) else ("" if value is None else value)


def table(survey: Survey, questions, responses) -> tables.Table:
    """One row per response. Anonymous: no names, and the rows sorted by their answers, so the
    order does not follow the order in which people answered."""
    columns = [] if survey.anonymous else [tables.Column("Navn")]
    columns += [tables.Column(q.text) for q in questions]
    rows = []
    for response in responses:
        row = [_cell(response.answers.get(str(q.pk))) for q in questions]
        if not survey.anonymous:
            person = response.recipient.person if response.recipient else None
            row.insert(0, person.name if person else "")
        rows.append(row)
    if survey.anonymous:
        rows.sort(key=lambda row: [str(cell) for cell in row])
    return tables.Table(columns, rows, sheet="Svar")


def pdf(survey: Survey, questions, responses) -> bytes:
    return render_pdf(
        "surveys/pdf/results.html",
        {
            "survey": survey,
            "cluster": survey.cluster,
            "rows": summaries(questions, responses),
            "count": len(responses),
            "asked": survey.recipients.count(),
            "now": timezone.now(),
        },
    )
