"""Who may see and change which clinic's people, inside a cluster view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from klynge.clusters.access import MANAGE, STAFF_READ, can, person_of
from klynge.clusters.models import Clinic, ClinicAffiliation, Person
from klynge.members.models import LeaveNotice


def clinic_in(cluster, pk) -> Clinic:
    """A clinic that is or was a member of the cluster; 404 otherwise."""
    ids = cluster.memberships.filter(clinic_id=pk).values("clinic_id")
    return get_object_or_404(Clinic.objects.select_related("region"), pk__in=ids)


def clinic_with_memberships(cluster, pk) -> tuple[Clinic, list]:
    """clinic_in, with the clinic's memberships of the cluster (newest first) from the same query;
    each membership shares the clinic (and its region)."""
    memberships = list(
        cluster.memberships.filter(clinic_id=pk)
        .select_related("clinic__region")
        .order_by("-joined", "-pk")
    )
    if not memberships:
        raise Http404
    clinic = memberships[0].clinic
    for membership in memberships:
        membership.clinic = clinic
    return clinic, memberships


def person_in(cluster, pk) -> Person:
    """A person who is or was affiliated with a clinic of the cluster; 404 otherwise."""
    clinic_ids = cluster.memberships.values("clinic_id")
    ids = ClinicAffiliation.objects.filter(clinic_id__in=clinic_ids, person_id=pk).values(
        "person_id"
    )
    return get_object_or_404(Person, pk__in=ids)


def affiliation_in(cluster, pk) -> ClinicAffiliation:
    clinic_ids = cluster.memberships.values("clinic_id")
    return get_object_or_404(
        ClinicAffiliation.objects.select_related("person", "clinic"),
        pk=pk,
        clinic_id__in=clinic_ids,
    )


def notice_in(cluster, pk) -> LeaveNotice:
    return get_object_or_404(
        LeaveNotice.objects.select_related("membership__clinic", "region"),
        pk=pk,
        membership__cluster=cluster,
    )


def my_clinic_ids(request) -> set[int]:
    """The clinics the user currently works in (any cluster)."""
    if not hasattr(request, "_klynge_my_clinics"):
        person = person_of(request.user)
        request._klynge_my_clinics = (
            set(
                ClinicAffiliation.objects.on(timezone.localdate())
                .filter(person=person)
                .values_list("clinic_id", flat=True)
            )
            if person is not None
            else set()
        )
    return request._klynge_my_clinics


def can_edit_clinic(request, clinic) -> bool:
    """Coordinator and board edit every clinic's people; a member only their own clinic's."""
    return can(request, MANAGE) or clinic.pk in my_clinic_ids(request)


def require_edit_clinic(request, clinic) -> None:
    """403 unless the user may edit the clinic's people; 404 if it is no longer a member."""
    if not can_edit_clinic(request, clinic):
        raise PermissionDenied
    if not request.cluster.memberships.open_on(timezone.localdate()).filter(clinic=clinic).exists():
        raise Http404


def sees_all_contacts(request) -> bool:
    return can(request, STAFF_READ)


def contact_visible(request, person, clinic_ids=()) -> bool:
    """Members see contact details a person chose to share, and their own clinic's people."""
    if sees_all_contacts(request) or person.share_contact:
        return True
    me = person_of(request.user)
    if me is not None and me.pk == person.pk:
        return True
    return bool(set(clinic_ids) & my_clinic_ids(request))
