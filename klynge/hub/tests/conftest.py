"""Fixtures of the hub's cache tests (cluster page, dashboard)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=CPH)


@pytest.fixture
def coordinator_at_now(world, login):
    """The coordinator's logged-in client, and the clock held at NOW (move it with move_to)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield login(world.users["coordinator"]), traveller
