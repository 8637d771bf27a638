from django.urls import path

from klynge.privacy import views

app_name = "privacy"

urlpatterns = [
    path("behandlingsoversigt/", views.record, name="record"),
    path("profil/mine-data/", views.my_data, name="my_data"),
    path("sekretariat/personer/", views.people, name="people"),
    path("sekretariat/personer/<int:data_subject>/", views.person, name="person"),
    path(
        "sekretariat/personer/<int:data_subject>/indsigt/",
        views.person_export,
        name="person_export",
    ),
    path("sekretariat/personer/<int:data_subject>/slet/", views.person_erase, name="person_erase"),
]
