from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Klynge – administration")
admin.site.site_title = _("Klynge – administration")
admin.site.index_title = _("Administration")

# The API for the secretariats' systems is versioned and has no language prefix.
urlpatterns = [path("api/v1/", include("klynge.api.urls"))]

# Danish pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("konto/", include("allauth.urls")),
    path("", include("klynge.hub.urls")),
    path("", include("klynge.members.urls")),
    path("", include("klynge.meetings.urls")),
    path("", include("klynge.money.urls")),
    path("", include("klynge.year.urls")),
    path("", include("klynge.mail.urls")),
    path("", include("klynge.desk.urls")),
    path("", include("klynge.events.urls")),
    path("", include("klynge.privacy.urls")),
    path("", include("klynge.messaging.urls")),
    path("", include("klynge.surveys.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
