from django.urls import path

from klynge.meetings import (
    views,
    views_agenda,
    views_answer,
    views_attendance,
    views_inline,
    views_poll,
    views_remind,
)

app_name = "meetings"

M = "klynger/<slug:cluster>/moeder/"
ONE = M + "<int:meeting>/"

urlpatterns = [
    path(M, views.meeting_list, name="list"),
    path(M + "nyt/", views.create, name="create"),
    path(M + "opfoelgning/", views_agenda.actions, name="actions"),
    path(M + "opfoelgning/<int:meeting_action>/", views_agenda.action_status, name="action_status"),
    path(M + "fravaer/", views_attendance.absence, name="absence"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "rediger/", views.edit, name="edit"),
    path(ONE + "inviter/", views.invite, name="invite"),
    path(ONE + "aflys/", views.cancel, name="cancel"),
    path(ONE + "status/", views.set_status, name="set_status"),
    path(ONE + "mit-svar/", views.my_answer, name="my_answer"),
    path(ONE + "kalender.ics", views.meeting_calendar, name="ics"),
    path(ONE + "ringeliste/", views.call_list, name="call_list"),
    path(ONE + "paamind/", views_remind.remind, name="remind"),
    path(ONE + "datoer/paamind/", views_remind.poll_remind, name="poll_remind"),
    path(ONE + "svar/<str:answer_token>/", views_answer.answer, name="answer"),
    path(ONE + "datoer/", views_poll.poll, name="poll"),
    path(ONE + "datoer/vaelg/", views_poll.choose, name="poll_choose"),
    path(ONE + "datoer/svar/<str:poll_token>/", views_answer.poll_answer, name="poll_answer"),
    path(ONE + "dagsorden/", views_agenda.agenda, name="agenda"),
    path(ONE + "dagsorden/<int:agenda_item>/", views_agenda.agenda_item, name="agenda_item"),
    path(ONE + "dagsorden/<int:agenda_item>/flyt/", views_agenda.agenda_move, name="agenda_move"),
    path(
        ONE + "dagsorden/<int:agenda_item>/slet/", views_agenda.agenda_delete, name="agenda_delete"
    ),
    path(ONE + "dagsorden/nyt/", views_inline.agenda_add, name="agenda_add"),
    path(ONE + "dagsorden/<int:agenda_item>/ret/", views_inline.agenda_edit, name="agenda_edit"),
    path(ONE + "beslutninger/ny/", views_inline.decision_add, name="decision_add"),
    path(ONE + "beslutninger/<int:decision>/", views_inline.decision_edit, name="decision_edit"),
    path(ONE + "opfoelgning/ny/", views_inline.action_add, name="action_add"),
    path(ONE + "opfoelgning/<int:meeting_action>/", views_inline.action_edit, name="action_edit"),
    path(ONE + "materiale/", views_agenda.materials, name="materials"),
    path(ONE + "materiale/send/", views_agenda.send_materials, name="send_materials"),
    path(ONE + "materiale/<int:material>/", views_agenda.material_download, name="material"),
    path(
        ONE + "materiale/<int:material>/slet/",
        views_agenda.material_delete,
        name="material_delete",
    ),
    path(ONE + "beslutninger/", views_agenda.outcomes, name="outcomes"),
    path(
        ONE + "beslutninger/beslutning/", views_agenda.outcomes_decision, name="outcomes_decision"
    ),
    path(ONE + "beslutninger/opfoelgning/", views_agenda.outcomes_action, name="outcomes_action"),
    path(
        ONE + "beslutninger/<int:decision>/slet/",
        views_agenda.decision_delete,
        name="decision_delete",
    ),
    path(ONE + "referat/", views_agenda.minutes, name="minutes"),
    path(ONE + "referat.pdf", views_agenda.minutes_pdf, name="minutes_pdf"),
    path(ONE + "referat/send/", views_agenda.send_minutes, name="send_minutes"),
    path(ONE + "fremmoede/", views_attendance.attendance, name="attendance"),
    path(
        ONE + "fremmoede/<int:invitation>/",
        views_attendance.attendance_row,
        name="attendance_row",
    ),
    path(ONE + "fremmoede/tilfoej/", views_attendance.walk_in, name="walk_in"),
    path(ONE + "fremmoede/gaest/", views_attendance.guest_add, name="guest_add"),
    path(
        ONE + "fremmoede/gaest/<int:guest>/slet/",
        views_attendance.guest_remove,
        name="guest_remove",
    ),
    path(ONE + "fremmoede/alle-ja/", views_attendance.attendance_yes, name="attendance_yes"),
    path(ONE + "fremmoede/resten/", views_attendance.fill_absent, name="fill_absent"),
    path(
        ONE + "deltagerliste.pdf",
        views_attendance.attendance_list_pdf,
        name="attendance_list_pdf",
    ),
    path(
        ONE + "deltagerliste.csv",
        views_attendance.attendance_list_csv,
        name="attendance_list_csv",
    ),
    path(
        ONE + "deltagerliste/send/",
        views_attendance.send_attendance_list,
        name="send_attendance_list",
    ),
    path("moeder/kalender/", views_answer.calendar_settings, name="calendar"),
    path("moeder/kalender/<str:feed_token>.ics", views_answer.feed, name="feed"),
]
