"""The hub's pages keep the URL names they have always had (`dashboard`, `profile`,
`clusters:detail`, `clusters:directory`, `secretariat:home`, `secretariat:region`)."""

from django.urls import include, path

from klynge.hub import views

cluster_patterns = [
    path("klynger/<slug:cluster>/", views.cluster, name="detail"),
    path("klyngeoversigt/", views.directory, name="directory"),
]
secretariat_patterns = [
    path("sekretariat/", views.secretariat, name="home"),
    path("region/", views.region, name="region"),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile, name="profile"),
    path("", include((cluster_patterns, "clusters"))),
    path("", include((secretariat_patterns, "secretariat"))),
]
