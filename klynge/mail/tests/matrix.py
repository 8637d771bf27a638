"""Values for the mail app's URL parameters in the access matrix (see test_access_matrix)."""


def _dispatch(world, kwargs):
    from post_office import mail
    from post_office.models import STATUS

    from klynge.mail.models import Dispatch

    email = mail.send(
        recipients=["x@example.dk"], sender="klynge@example.dk", subject="Test", message="Test"
    )
    email.status = STATUS.failed
    email.save()
    return Dispatch.objects.create(
        key=f"matrix:dispatch:{world.cluster_a.pk}",
        email=email,
        recipient="x@example.dk",
        template="test",
        cluster=world.cluster_a,
    ).pk


def _unsubscribe_token(world, kwargs):
    from klynge.mail.optout import token

    return token("member@example.dk", "year_digest")


URL_KWARGS = {"dispatch": _dispatch, "unsubscribe_token": _unsubscribe_token}
