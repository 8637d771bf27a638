from django.urls import path

from klynge.messaging import views, views_contacts

app_name = "messaging"

C = "klynger/<slug:cluster>/"

urlpatterns = [
    path(C + "beskeder/", views.message_list, name="list"),
    path(C + "beskeder/ny/", views.new, name="new"),
    path(C + "beskeder/<int:cluster_message>/", views.detail, name="detail"),
    path(C + "kontakter/", views_contacts.contacts, name="contacts"),
    path(C + "kontakter/ny/", views_contacts.contact_new, name="contact_new"),
    path(C + "kontakter/<int:contact>/", views_contacts.contact, name="contact"),
    path(
        C + "kontakter/<int:contact>/slet/",
        views_contacts.contact_delete,
        name="contact_delete",
    ),
]
