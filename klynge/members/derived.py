"""The members' inputs to derived data (klynge/clusters/derived.py): the January check (wheel),
the listed patients (account status: the income) and the draft leave notices (cluster page), the
open follow-ups (dashboard); the clinic page's membership events and self-service links (with the
former: members/lookups.py: clinic_parts)."""

from django.db.models import Q

from klynge.clusters.derived import through, watch
from klynge.clusters.models import ClusterMembership
from klynge.members.models import (
    FollowUp,
    JanuaryCheck,
    LeaveNotice,
    ListedPatients,
    MembershipEvent,
    SelfServiceLink,
)


def watch_inputs() -> None:
    watch(JanuaryCheck)
    watch(FollowUp)
    watch(LeaveNotice, through(ClusterMembership, "membership_id"))
    watch(ListedPatients, lambda row: Q(memberships__clinic_id=row.clinic_id))
    watch(MembershipEvent, through(ClusterMembership, "membership_id"))
    watch(SelfServiceLink)
