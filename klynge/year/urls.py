from django.urls import path

from klynge.year import views, views_assembly, views_orders, views_plan, views_report

app_name = "year"

Y = "klynger/<slug:cluster>/aar/"
GF = Y + "generalforsamling/<int:assembly>/"

urlpatterns = [
    path(Y, views.wheel_view, name="wheel"),
    path(Y + "<int:wheel_year>/", views.wheel_view, name="wheel_year"),
    path(Y + "<int:wheel_year>/afkryds/", views.mark, name="mark"),
    path(Y + "opgaver/ny/", views.task_add, name="task_add"),
    path(Y + "opgaver/<int:year_task>/", views.task_edit, name="task"),
    path(Y + "kalender/", views.calendar, name="calendar"),
    path(Y + "kalender/<str:calendar_token>.ics", views.feed, name="feed"),
    path(Y + "overdragelse/", views.handover, name="handover"),
    path(Y + "generalforsamling/", views_assembly.assemblies, name="assemblies"),
    path(Y + "generalforsamling/ny/", views_assembly.assembly_add, name="assembly_add"),
    path(GF, views_assembly.assembly_detail, name="assembly"),
    path(GF + "ret/", views_assembly.assembly_edit, name="assembly_edit"),
    path(GF + "foreloebig/", views_assembly.assembly_preliminary, name="assembly_preliminary"),
    path(GF + "forslag/", views_assembly.assembly_proposals, name="assembly_proposals"),
    path(GF + "indkaldelse/", views_assembly.assembly_final, name="assembly_final"),
    path(GF + "referat/", views_assembly.assembly_minutes, name="assembly_minutes"),
    path(GF + "referat/godkend/", views_assembly.assembly_confirm, name="assembly_confirm"),
    path(GF + "referat.pdf", views_assembly.assembly_pdf, name="assembly_pdf"),
    path(Y + "emner/", views_plan.topics, name="topics"),
    path(Y + "emner/<int:plan_topic>/", views_plan.topic_edit, name="topic"),
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
    path(Y + "status/", views_report.reports, name="reports"),
    path(Y + "status/<int:report_year>/", views_report.report_view, name="report"),
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
