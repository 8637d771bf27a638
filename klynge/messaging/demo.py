"""Demo for `manage.py demo`: the KiAP coordinator reminds the non-responders of the called
meeting now, writes to one clinic, and keeps an address book of outside contacts.
Idempotent: the message is found by its subject, reminders go at most once a day, contacts by
organisation."""

from klynge.clusters.models import Clinic
from klynge.meetings import reminders
from klynge.meetings.demo import PLANS
from klynge.messaging import services
from klynge.messaging.models import Contact

CLINIC_SUBJECT = "Jeres ydernumre til datapakken om type 2-diabetes"
CLINIC_BODY = (
    "Kære alle i klinikken\n\n"
    "KiAP skal bruge jeres ydernummer og hver læges samtykke til dataudtræk senest 60 dage før "
    "mødet om type 2-diabetes. Send mig et svar på denne e-mail, når I har talt sammen.\n\n"
    "På forhånd tak."
)
CONTACTS = [
    (
        Contact.Kind.MUNICIPALITY,
        "Roskilde Kommune, Sundhed og Omsorg",
        "Lene Sørensen",
        "Sundhedskonsulent, praksiskonsulentordningen",
        "lene.sorensen@example.dk",
    ),
    (
        Contact.Kind.REGION,
        "Region Sjælland, Praksisafdelingen",
        "Jonas Holm",
        "Praksiskonsulent",
        "jonas.holm@example.dk",
    ),
    (
        Contact.Kind.HOSPITAL,
        "Sjællands Universitetshospital, Medicinsk afdeling",
        "Birgitte Lund",
        "Overlæge, diabetesambulatoriet",
        "birgitte.lund@example.dk",
    ),
    (Contact.Kind.QUALITY_UNIT, "KAP-S", "", "Klyngepakker og data", "kap-s@example.dk"),
    (
        Contact.Kind.CLUSTER,
        "Klyngen i Greve-Solrød",
        "",
        "Nabo-klyngens koordinator",
        "greve.klynge@example.dk",
    ),
]


def load(world, stdout):
    cluster = world.clusters["roskilde"]
    coordinator = world.people[PLANS["roskilde"]["coordinator"]]
    user = coordinator.user
    title = PLANS["roskilde"]["called"][0]
    meeting = cluster.meetings.filter(title=title).first()
    if meeting is not None and reminders.services.answer_open(meeting):
        reminders.remind_meeting(meeting, by=user)
    if not cluster.messages_sent.filter(subject=CLINIC_SUBJECT).exists():
        clinic = Clinic.objects.active_in(cluster).order_by("name").first()
        audience = services.Audience(services.rules.CLINIC, clinic=clinic)
        services.send_message(cluster, audience, CLINIC_SUBJECT, CLINIC_BODY, by=user)
    for kind, organisation, name, role, email in CONTACTS:
        if not cluster.contacts.filter(organisation=organisation).exists():
            contact = Contact(
                kind=kind, organisation=organisation, name=name, role=role, email=email
            )
            services.save_contact(cluster, contact, by=user)
    stdout.write("messaging: a reminder now, a message to one clinic and outside contacts")
