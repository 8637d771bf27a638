from django.urls import path

from klynge.desk import views, views_guides, views_news, views_questions

app_name = "desk"

urlpatterns = [
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
