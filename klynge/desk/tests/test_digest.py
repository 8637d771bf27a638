"""A guide or template published (or given a new version) is announced in the next weekly digest
to the coordinators and boards of its scheme, once per person, even in a week with nothing due."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from klynge.desk.tests.factories import make_guide
from klynge.mail.models import Dispatch
from klynge.year import jobs

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 1, 25, 9, 0, tzinfo=UTC)


def digest_texts(person) -> list[str]:
    rows = Dispatch.objects.filter(template="year_digest", recipient=person.email)
    return [row.email.message for row in rows.select_related("email").order_by("pk")]


def test_a_new_guide_is_in_the_next_digest_once(world):
    with time_machine.travel(MONDAY - timedelta(days=3), tick=False):
        make_guide(world.kiap, title="Skabelon til årsregnskab 2027")
        make_guide(world.ekvis, title="eKVIS' vejledning til honorar")
    with time_machine.travel(MONDAY, tick=False):
        jobs.digests(MONDAY.date())
    coordinator, board = world.people["coordinator"], world.people["board"]
    for person in (coordinator, board):
        (text,) = digest_texts(person)
        assert "Nyt fra sekretariatet" in text
        assert "Skabelon til årsregnskab 2027" in text
        assert f"/ordninger/{world.kiap.code}/vejledninger/" in text
        assert "eKVIS' vejledning til honorar" not in text  # another scheme's guide
    # The next week: the guide is not announced again.
    week_later = MONDAY + timedelta(days=7)
    with time_machine.travel(week_later, tick=False):
        jobs.digests(week_later.date())
    texts = digest_texts(coordinator)
    assert sum(text.count("Skabelon til årsregnskab 2027") for text in texts) == 1


def test_an_old_or_withdrawn_guide_is_not_announced(world):
    from klynge.desk import services

    with time_machine.travel(MONDAY - timedelta(days=30), tick=False):
        make_guide(world.kiap, title="Gammel vejledning")
    with time_machine.travel(MONDAY - timedelta(days=2), tick=False):
        withdrawn = make_guide(world.kiap, title="Trukket vejledning")
        services.withdraw_guide(withdrawn, by=None)
    with time_machine.travel(MONDAY, tick=False):
        jobs.digests(MONDAY.date())
    for text in digest_texts(world.people["coordinator"]):
        assert "Gammel vejledning" not in text and "Trukket vejledning" not in text
