from datetime import date

import pytest

from klynge.clusters.models import ClusterRules


@pytest.fixture
def rules(world):
    """Cluster A's rules: answer 14 days before, reminders 7 and 2 days before the deadline."""
    return ClusterRules.objects.create(
        cluster=world.cluster_a,
        valid_from=date(2020, 1, 1),
        answer_deadline_days=14,
        reminder_days=[7, 2],
        materials_deadline_days=7,
        max_absences=1,
        minutes_required=True,
    )


@pytest.fixture
def members(world):
    return [world.people[key] for key in ("coordinator", "board", "member", "member2")]
