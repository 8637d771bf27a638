from django.urls import path

from klynge.mail import views

app_name = "mail"

urlpatterns = [
    path(
        "klynger/<slug:cluster>/udbakke/<int:dispatch>/send-igen/",
        views.resend,
        name="resend",
    ),
    path("e-mail/afmeld/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
]
