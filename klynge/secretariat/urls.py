from django.urls import path

from klynge.secretariat import views

app_name = "secretariat"

urlpatterns = [
    path("sekretariat/", views.home, name="home"),
    path("region/", views.region, name="region"),
]
