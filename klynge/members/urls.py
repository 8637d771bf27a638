from django.urls import path

from klynge.members import views, views_data, views_lookup, views_people

app_name = "members"

P = "klynger/<slug:cluster>/medlemmer/"

urlpatterns = [
    path(P, views.member_list, name="list"),
    path(P + "ny/", views.add_clinic, name="add_clinic"),
    path(P + "ny/ydernummer/", views_lookup.ydernummer_check, name="ydernummer_check"),
    path(P + "min-klinik/", views_people.my_clinic, name="my_clinic"),
    path(P + "klinik/<int:clinic>/", views.clinic_detail, name="clinic"),
    path(P + "klinik/<int:clinic>/ret/", views.edit_clinic, name="edit_clinic"),
    path(P + "klinik/<int:clinic>/tvivl/", views.mark_in_doubt, name="in_doubt"),
    path(P + "klinik/<int:clinic>/aktiv/", views.confirm_active, name="confirm_active"),
    path(P + "klinik/<int:clinic>/udmeld/", views.end_membership, name="end_membership"),
    path(P + "klinik/<int:clinic>/patienter/", views.listed_patients, name="listed_patients"),
    path(P + "klinik/<int:clinic>/ny-person/", views_people.add_person, name="add_person"),
    path(P + "klinik/<int:clinic>/link/", views_people.send_link, name="send_link"),
    path(P + "klinik/<int:clinic>/link/tilbagekald/", views_people.revoke_link, name="revoke_link"),
    path(P + "opfoelgning/<int:followup>/udfoert/", views.follow_up_done, name="follow_up_done"),
    path(P + "udmelding/<int:leave_notice>/", views.notice, name="notice"),
    path(
        P + "udmelding/<int:leave_notice>/send-ikke/", views.dismiss_notice, name="dismiss_notice"
    ),
    path(P + "person/<int:person>/", views_people.person_detail, name="person"),
    path(P + "person/<int:person>/samtykke/", views_data.consent_edit, name="consent"),
    path(
        P + "tilknytning/<int:affiliation>/ret/",
        views_people.edit_affiliation,
        name="edit_affiliation",
    ),
    path(
        P + "tilknytning/<int:affiliation>/afslut/",
        views_people.end_affiliation,
        name="end_affiliation",
    ),
    path(P + "import/", views_data.import_members, name="import"),
    path(P + "import/bekraeft/", views_data.import_confirm, name="import_confirm"),
    path(P + "import/skabelon.csv", views_data.import_template_csv, name="import_template_csv"),
    path(P + "import/skabelon.xlsx", views_data.import_template_xlsx, name="import_template_xlsx"),
    path(P + "eksport/medlemmer.csv", views_data.export_csv, name="export_csv"),
    path(P + "eksport/medlemmer.xlsx", views_data.export_xlsx, name="export_xlsx"),
    path(P + "eksport/ydernumre.csv", views_data.export_ydernumre, name="export_ydernumre"),
    path(P + "januartjek/", views_data.january_check, name="january"),
    path(P + "samtykker/", views_data.consents, name="consents"),
    path(P + "selvbetjening/<str:clinic_token>/", views_people.self_service, name="self_service"),
    path(
        P + "selvbetjening/<str:clinic_token>/ny/",
        views_people.self_service_add,
        name="self_service_add",
    ),
    path(
        P + "selvbetjening/<str:clinic_token>/tilknytning/<int:affiliation>/",
        views_people.self_service_edit,
        name="self_service_edit",
    ),
    path(
        P + "selvbetjening/<str:clinic_token>/tilknytning/<int:affiliation>/afslut/",
        views_people.self_service_end,
        name="self_service_end",
    ),
]
