from django.urls import path

from klynge.events import views, views_answer

app_name = "events"

S = "ordninger/<slug:scheme>/arrangementer/"
E = S + "<int:scheme_event>/"
A = "arrangementer/<int:scheme_event>/svar/<str:event_token>/"

urlpatterns = [
    path(S, views.events, name="list"),
    path(S + "nyt/", views.event_add, name="add"),
    path(E, views.event_detail, name="detail"),
    path(E + "inviter/", views.event_invite, name="invite"),
    path(E + "fremmoede/", views.attendance, name="attendance"),
    path(E + "materiale/", views.material_add, name="material_add"),
    path(E + "materiale/<int:event_material>/", views.material_file, name="material"),
    path(A, views_answer.answer, name="answer"),
    path(
        A + "materiale/<int:event_material>/", views_answer.answer_material, name="answer_material"
    ),
]
