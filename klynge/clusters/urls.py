from django.urls import path

from klynge.clusters import views

app_name = "clusters"

urlpatterns = [
    path("klynger/<slug:cluster>/", views.detail, name="detail"),
    path("klyngeoversigt/", views.directory, name="directory"),
]
