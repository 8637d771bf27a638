from django.urls import path

from klynge.desk import views

app_name = "desk"

urlpatterns = [
    path("administration/", views.admin_home, name="admin_home"),
    path("ordninger/<slug:scheme>/oversigt/", views.overview, name="overview"),
    path("ordninger/<slug:scheme>/oversigt.xlsx", views.overview_export, name="overview_export"),
]
