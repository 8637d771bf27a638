"""A change to the cluster's rules decided at the general assembly reads in words on the minutes
page and in the minutes PDF ("Antal møder om året: 4 → 5"), never as a field name."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klynge.clusters.models import ClusterRules
from klynge.lib.tests import pdfs
from klynge.lib.tests.amounts import nb
from klynge.year import rule_words, services
from klynge.year.documents import minutes_pdf_bytes
from klynge.year.models import AssemblyDecision
from klynge.year.tests.helpers import local

DAY = date(2027, 3, 16)


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        assembly = services.create_assembly(
            world.cluster_a, start=local(DAY), venue="Roskilde", address="Møllehusvej 15",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )  # fmt: skip
    AssemblyDecision.objects.create(
        assembly=assembly, topic="frequency", text="Fem møder om året.", meetings_per_year=5
    )
    return assembly


def minutes_url(assembly):
    return f"/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/referat/"


def test_every_rule_a_decision_can_change_has_words():
    assert set(rule_words.RULE_LABELS) == set(AssemblyDecision.RULE_FIELDS)


def test_a_change_reads_old_to_new_in_words():
    before = ClusterRules(meetings_per_year=4, minutes_required=True, coordinator_honorarium=None)
    changes = {
        "meetings_per_year": 5,
        "minutes_required": False,
        "coordinator_honorarium": Decimal("12000"),
    }
    assert rule_words.change_lines(changes, before) == [
        "Antal møder om året: 4 → 5",
        "Der skrives referat: Ja → Nej",
        nb("Koordinatorhonorar pr. år: 12.000,00 kr."),
    ]


def test_the_minutes_page_shows_the_change_in_words(world, login, assembly):
    client = login(world.users["coordinator"])
    page = client.get(minutes_url(assembly)).content.decode()
    assert "Antal møder om året: 4 → 5" in page
    assert "meetings_per_year" not in re.sub(r"<[^>]*>", " ", page), "no field name in the text"
    # More decisions with rule changes cost no more queries (the old rules are read once).
    with CaptureQueriesContext(connection) as one:
        client.get(minutes_url(assembly))
    for n in (6, 7):
        AssemblyDecision.objects.create(
            assembly=assembly, topic="rules", text="Ændret.", meetings_per_year=n, max_absences=2
        )
    with CaptureQueriesContext(connection) as three:
        page = client.get(minutes_url(assembly)).content.decode()
    assert "Et medlem må højst udeblive fra antal møder: 1 → 2" in page
    assert len(three) == len(one)


def test_the_minutes_pdf_shows_the_change_in_words_also_once_applied(world, assembly):
    services.apply_rule_decisions(assembly, DAY)
    assert world.cluster_a.rules_on(DAY).meetings_per_year == 5
    reader = pdfs.read(minutes_pdf_bytes(assembly))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Antal møder om året: 4 → 5" in text
    assert "meetings_per_year" not in text
