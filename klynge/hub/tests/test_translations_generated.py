"""Texts Klynge writes itself (the standard assembly agenda, history reasons, suggested budget
lines, follow-up tasks) are stored in Danish and shown in the reader's language; what a person
typed is shown as typed. Rows written in English before this are recognised too."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from klynge.lib.phrases import canonical, canonical_lines, shown, stored
from klynge.money import phrases as money_phrases
from klynge.year import phrases, services
from klynge.year.tests.helpers import local

DAY = date(2027, 3, 16)


def test_stored_is_danish_whatever_the_active_language():
    with translation.override("en"):
        text = stored(phrases.REELECTED, assembly="Generalforsamling 2027")
    assert text == "Genvalgt på Generalforsamling 2027"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Genvalgt på Generalforsamling 2027"),
        ("en", "Re-elected at General assembly 2027"),
    ],
)
def test_a_stored_phrase_is_shown_in_the_readers_language_with_its_parameters(language, expected):
    text = stored(phrases.REELECTED, assembly=stored(phrases.ASSEMBLY_TITLE, year=2027))
    with translation.override(language):
        assert shown(text) == expected


def test_a_row_written_in_english_is_recognised_and_shown_in_danish():
    with translation.override("da"):
        assert shown("Minutes confirmed") == "Referat godkendt"
        assert shown("Preliminary notice sent to 12 members") == (
            "Foreløbig indkaldelse sendt til 12 medlemmer"
        )
    assert canonical("Any other business") == "Eventuelt"


def test_what_a_person_typed_is_kept_as_typed():
    typed = "Regnskabet fra PLO kom først i går"
    with translation.override("en"):
        assert shown(typed) == typed
        assert shown("") == ""
    assert canonical_lines("Any other business\nVores eget punkt") == "Eventuelt\nVores eget punkt"


def test_nested_phrases_are_translated_inside_out():
    text = stored(
        money_phrases.BUDGET_LAST_YEAR,
        label=stored(money_phrases.BUDGET_ROOMS),
        n=4,
        each="1.250,00 kr.",
    )
    with translation.override("en"):
        assert shown(text) == "Rooms: 4 meetings at 1.250,00 kr. (last year's average)"


@pytest.fixture
def assembly(world):
    # Made by a coordinator who reads English.
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False), translation.override("en"):
        return services.create_assembly(
            world.cluster_a,
            start=local(DAY),
            venue="Roskilde Kongres",
            address="Møllehusvej 15",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )


def page(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_same_assembly_is_danish_on_the_danish_page_and_english_on_the_english(
    world, login, assembly
):
    assert "Eventuelt" in assembly.agenda.splitlines()  # stored in Danish
    assert assembly.meeting.title == "Generalforsamling 2027"
    path = f"/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/"
    with time_machine.travel(local(date(2027, 1, 11), 9), tick=False):
        client = login(world.users["coordinator"])
        danish, danish_queries = page(client, path)
        english, english_queries = page(client, "/en" + path)
    assert "<li>Valg af dirigent og referent</li>" in danish
    assert "<li>Eventuelt</li>" in danish
    assert "<li>Election of chair and minute-taker</li>" in english
    assert "<li>Any other business</li>" in english
    assert "Eventuelt" not in english
    # Translating what is stored costs no queries.
    assert danish_queries == english_queries


def test_the_agenda_form_shows_the_readers_language_and_stores_danish(world, login, assembly):
    path = f"/en/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/ret/"
    with time_machine.travel(local(date(2027, 1, 11), 9), tick=False):
        client = login(world.users["coordinator"])
        form = client.get(path).content.decode()
        assert "Any other business" in form
        response = client.post(
            path,
            {
                "start": "16.03.2027 17:00",
                "venue": "Roskilde Kongres",
                "address": "Møllehusvej 15",
                "proposals_deadline": "23.02.2027",
                "agenda": "Election of chair and minute-taker\nOur own item\nAny other business",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assembly.refresh_from_db()
    assert assembly.agenda == "Valg af dirigent og referent\nOur own item\nEventuelt"
