"""URL parameters of the messaging app, for the access matrix (values in world.cluster_a)."""


def cluster_message(world, kwargs):
    from klynge.messaging.models import Message

    return Message.objects.create(
        cluster=world.cluster_a,
        audience=Message.Audience.MEMBERS,
        subject="Husk datoen",
        body="Vi ses.",
        sender_name="Karen Koordinator",
        sender_email="coordinator@example.dk",
    ).pk


def contact(world, kwargs):
    from klynge.messaging.models import Contact

    return Contact.objects.create(
        cluster=world.cluster_a,
        kind=Contact.Kind.MUNICIPALITY,
        organisation="Roskilde Kommune",
        name="Sundhedskonsulent",
    ).pk


URL_KWARGS = {"cluster_message": cluster_message, "contact": contact}
