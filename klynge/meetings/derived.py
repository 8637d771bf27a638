"""The meetings' inputs to derived data (klynge/clusters/derived.py): the wheel's meeting
deadlines read the meetings and whether the invited have answered."""

from klynge.clusters.derived import through, watch
from klynge.meetings.models import Invitation, Meeting


def watch_inputs() -> None:
    watch(Meeting)
    watch(Invitation, through(Meeting, "meeting_id"))
