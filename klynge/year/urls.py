from django.urls import path

from klynge.year import (
    views,
    views_assembly,
    views_minutes,
    views_notice,
    views_orders,
    views_plan,
    views_report,
)

app_name = "year"

Y = "klynger/<slug:cluster>/aar/"
GF = Y + "generalforsamling/<int:assembly>/"

urlpatterns = [
    path(Y, views.wheel_view, name="wheel"),
    path(Y + "<int:wheel_year>/", views.wheel_view, name="wheel_year"),
    path(Y + "<int:wheel_year>/afkryds/", views.mark, name="mark"),
    path(Y + "opgaver/ny/", views.task_add, name="task_add"),
    path(Y + "opgaver/<int:year_task>/", views.task_edit, name="task"),
    path(Y + "opgaver/<int:year_task>/udfoert/", views.task_done, name="task_done"),
    path(Y + "opgaver/<int:year_task>/ikke-udfoert/", views.task_undo, name="task_undo"),
    path(Y + "opgaver/<int:year_task>/slet/", views.task_delete, name="task_delete"),
    path(Y + "kalender/", views.calendar, name="calendar"),
    path(Y + "kalender/<str:calendar_token>.ics", views.feed, name="feed"),
    path(Y + "overdragelse/", views.handover, name="handover"),
    path(Y + "overdragelse/fortryd/", views.handover_cancel, name="handover_cancel"),
    path(Y + "generalforsamling/", views_assembly.assemblies, name="assemblies"),
    path(Y + "generalforsamling/ny/", views_assembly.assembly_add, name="assembly_add"),
    path(GF, views_assembly.assembly_detail, name="assembly"),
    path(GF + "ret/", views_assembly.assembly_edit, name="assembly_edit"),
    path(GF + "foreloebig/", views_assembly.assembly_preliminary, name="assembly_preliminary"),
    path(GF + "forslag/", views_assembly.assembly_proposals, name="assembly_proposals"),
    path(GF + "forslag/resultat/", views_assembly.proposal_outcome, name="proposal_outcome"),
    path(GF + "indkaldelse/", views_assembly.assembly_final, name="assembly_final"),
    path(GF + "referat/", views_minutes.assembly_minutes, name="assembly_minutes"),
    path(
        GF + "referat/gem-og-godkend/",
        views_minutes.minutes_save_and_confirm,
        name="assembly_minutes_confirm",
    ),
    path(GF + "referat/valg/", views_minutes.election_add, name="assembly_election"),
    path(
        GF + "referat/valg/fjern/", views_minutes.election_delete, name="assembly_election_delete"
    ),
    path(GF + "referat/beslutning/", views_minutes.decision_add, name="assembly_decision"),
    path(
        GF + "referat/beslutning/fjern/",
        views_minutes.decision_delete,
        name="assembly_decision_delete",
    ),
    path(GF + "referat/godkend/", views_minutes.assembly_confirm, name="assembly_confirm"),
    path(GF + "referat.pdf", views_assembly.assembly_pdf, name="assembly_pdf"),
    path(GF + "indkaldelse.pdf", views_notice.assembly_notice_pdf, name="assembly_notice_pdf"),
    path(Y + "emner/", views_plan.topics, name="topics"),
    path(Y + "emner/<int:plan_topic>/", views_plan.topic_edit, name="topic"),
    path(Y + "emner/<int:plan_topic>/slet/", views_plan.topic_delete, name="topic_delete"),
    path(Y + "pakker/", views_plan.packages, name="packages"),
    path(Y + "pakker/bestil/<int:catalogue_package>/", views_orders.order_add, name="order_add"),
    path(Y + "pakker/bestilling/<int:package_order>/", views_orders.order_edit, name="order"),
    path(
        Y + "pakker/bestilling/<int:package_order>/opfoelgning/",
        views_orders.order_follow_up,
        name="order_follow_up",
    ),
    path(Y + "aktiviteter/", views_plan.activities, name="activities"),
    path(Y + "aktiviteter/<int:external_activity>/", views_plan.activity_edit, name="activity"),
    path(
        Y + "aktiviteter/<int:external_activity>/slet/",
        views_plan.activity_delete,
        name="activity_delete",
    ),
    path(Y + "status/", views_report.reports, name="reports"),
    path(Y + "status/<int:report_year>/", views_report.report_view, name="report"),
    path(Y + "status/<int:report_year>/indsend/", views_report.report_submit, name="report_submit"),
    path(Y + "status/<int:report_year>/genaabn/", views_report.report_reopen, name="report_reopen"),
    path(Y + "status/<int:report_year>/rapport.pdf", views_report.report_pdf, name="report_pdf"),
    path("profil/samtykke/", views.consent, name="consent"),
    path("sekretariat/klyngepakker/", views_plan.secretariat_packages, name="secretariat_packages"),
    path(
        "sekretariat/klyngepakker/bestilling/<int:provider_order>/status/",
        views_orders.secretariat_order_status,
        name="secretariat_order_status",
    ),
    path(
        "sekretariat/statusrapporter/", views_report.secretariat_reports, name="secretariat_reports"
    ),
    path(
        "sekretariat/statusrapporter/afsnit/",
        views_report.secretariat_sections,
        name="secretariat_sections",
    ),
    path("region/klyngepakker/", views_plan.regional_packages, name="regional_packages"),
    path(
        "region/klyngepakker/bestilling/<int:provider_order>/status/",
        views_orders.regional_order_status,
        name="regional_order_status",
    ),
]
