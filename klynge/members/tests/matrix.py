"""Values for the members app's URL parameters in the access matrix (see test_access_matrix)."""

from datetime import date


def _affiliation(world, kwargs):
    return world.people["member"].affiliations.get(clinic=world.clinic_a1).pk


def _follow_up(world, kwargs):
    from klynge.members.models import FollowUp

    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    return FollowUp.objects.create(
        cluster=world.cluster_a, membership=membership, title="Afklar status", due=date(2030, 1, 1)
    ).pk


def _leave_notice(world, kwargs):
    from klynge.members.models import LeaveNotice

    membership = world.cluster_a.memberships.get(clinic=world.clinic_a2)
    notice, _created = LeaveNotice.objects.get_or_create(
        membership=membership,
        defaults={
            "region": world.region,
            "to": world.region.notice_email,
            "subject": "Udmeldelse",
            "body": "Tekst",
        },
    )
    return notice.pk


def _clinic_token(world, kwargs):
    from klynge.members.models import SelfServiceLink

    link = SelfServiceLink.objects.create(
        cluster=world.cluster_a, clinic=world.clinic_a1, sent_to=world.clinic_a1.email
    )
    return link.token()


URL_KWARGS = {
    "clinic": lambda world, kwargs: world.clinic_a1.pk,
    "person": lambda world, kwargs: world.people["member"].pk,
    "affiliation": _affiliation,
    "followup": _follow_up,
    "leave_notice": _leave_notice,
    "clinic_token": _clinic_token,
}
