from django.urls import path

from klynge.surveys import views, views_answer

app_name = "surveys"

S = "klynger/<slug:cluster>/spoergeskemaer/"
ONE = S + "<int:survey>/"

urlpatterns = [
    path(S, views.survey_list, name="list"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "spoergsmaal/", views.question_add, name="question_add"),
    path(
        ONE + "spoergsmaal/<int:survey_question>/slet/",
        views.question_delete,
        name="question_delete",
    ),
    path(ONE + "send/", views.send, name="send"),
    path(ONE + "luk/", views.close, name="close"),
    path(ONE + "resultater/", views.results_page, name="results"),
    path(ONE + "resultater.xlsx", views.results_xlsx, name="results_xlsx"),
    path(ONE + "resultater.pdf", views.results_pdf, name="results_pdf"),
    path(ONE + "vedhaeft/", views.attach, name="attach"),
    path("spoergeskema/<str:survey_token>/", views_answer.answer, name="answer"),
]
