"""Breadcrumbs for the member pages, and the clinic page's cached parts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.clusters.crumbs import cluster_crumbs
from klynge.clusters.models import ClinicAffiliation
from klynge.lib import derived
from klynge.members.models import (
    FollowUp,
    LeaveNotice,
    ListedPatients,
    MembershipEvent,
    SelfServiceLink,
)
from klynge.members.services import coordinator_of


def list_crumbs(cluster, *trail):
    return cluster_crumbs(
        cluster, (_("Medlemmer"), reverse("members:list", args=[cluster.slug])), *trail
    )


def clinic_parts(cluster, clinic_pk, today) -> dict:
    """What the clinic page lists about a clinic of the cluster on `today` (its people, open
    follow-ups by membership, listed patients, newest self-service links, membership events,
    leave notices, and the cluster's coordinator who signs a leave notice): from the cache while
    the cluster's inputs are unchanged (klynge/clusters/derived.py), by the day. Whether a
    person is shown at all, and to whom, is decided by the page on each request; the page
    writes the access log on each request too."""

    def compute(missing):
        ours = {"membership__cluster": cluster, "membership__clinic_id": clinic_pk}
        follow_ups: dict[int, list] = {}
        for task in FollowUp.objects.filter(**ours).open().order_by("due"):
            follow_ups.setdefault(task.membership_id, []).append(task)
        return {
            cluster.pk: {
                "affiliations": list(
                    ClinicAffiliation.objects.filter(clinic_id=clinic_pk)
                    .select_related("person")
                    .order_by("role", "person__name")
                ),
                "follow_ups": follow_ups,
                "listed": list(
                    ListedPatients.objects.filter(clinic_id=clinic_pk).order_by("-year")
                ),
                "links": list(
                    SelfServiceLink.objects.filter(cluster=cluster, clinic_id=clinic_pk).order_by(
                        "-created_at"
                    )[:10]
                ),
                "events": list(
                    MembershipEvent.objects.filter(**ours)
                    .select_related("membership")
                    .order_by("-at", "-pk")
                ),
                "notices": list(LeaveNotice.objects.filter(**ours).order_by("-created_at")),
                "coordinator": coordinator_of(cluster, today),
            }
        }

    return derived.cached("clinic_parts", [cluster], (clinic_pk, today.isoformat()), compute)[
        cluster.pk
    ]
