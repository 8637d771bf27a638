from django.urls import path

from klynge.desk import views, views_guides, views_news, views_questions, views_register

app_name = "desk"

R = "klynger/<slug:cluster>/kiap-register/"

urlpatterns = [
    path(R, views_register.register_check, name="register"),
    path(R + "indmeld/", views_register.register_add, name="register_add"),
    path(R + "udmeld/", views_register.register_end, name="register_end"),
    path(R + "aendringer.csv", views_register.register_export, {"fmt": "csv"}, name="register_csv"),
    path(
        R + "aendringer.xlsx", views_register.register_export, {"fmt": "xlsx"}, name="register_xlsx"
    ),
    path("administration/", views.admin_home, name="admin_home"),
    path("ordninger/<slug:scheme>/oversigt/", views.overview, name="overview"),
    path("ordninger/<slug:scheme>/oversigt.xlsx", views.overview_export, name="overview_export"),
    path("ordninger/<slug:scheme>/vejledninger/", views_guides.guides, name="guides"),
    path(
        "ordninger/<slug:scheme>/vejledninger/<int:guide>/",
        views_guides.guide_file,
        name="guide_file",
    ),
    path(
        "ordninger/<slug:scheme>/vejledninger/<int:guide>/tilbagetraek/",
        views_guides.guide_withdraw,
        name="guide_withdraw",
    ),
    path("ordninger/<slug:scheme>/nyheder/", views_news.news, name="news"),
    path("ordninger/<slug:scheme>/spoergsmaal/", views_questions.inbox, name="inbox"),
    path("klynger/<slug:cluster>/spoergsmaal/", views_questions.questions, name="questions"),
    path("klynger/<slug:cluster>/nyheder/", views_news.cluster_news, name="cluster_news"),
    path(
        "klynger/<slug:cluster>/vejledninger/", views_guides.cluster_guides, name="cluster_guides"
    ),
    path(
        "klynger/<slug:cluster>/vejledninger/<int:guide>/",
        views_guides.cluster_guide_file,
        name="cluster_guide_file",
    ),
]
