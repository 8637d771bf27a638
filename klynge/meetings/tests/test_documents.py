"""The meeting's documents: the attendance list PDF (tagged, rows whole) and materials, whose
downloads are named from the checked type (issue 11, item 5)."""

import pytest
from django.urls import reverse

from klynge.conftest import make_clinic, make_person
from klynge.lib.tests.pdfs import (
    assert_accessible,
    assert_fonts_embedded,
    assert_rows_whole,
    pdf,
    read,
    upload,
)
from klynge.meetings.documents import attendance_pdf
from klynge.meetings.models import Material
from klynge.meetings.services import invite
from klynge.meetings.tests.factories import make_meeting


@pytest.fixture
def long_list(world):
    meeting = make_meeting(world.cluster_a, title="Klyngemøde om KOL")
    people = []
    for n in range(45):
        clinic = make_clinic(
            world.cluster_a, name=f"Lægehuset ved den meget lange gade slut{n:03d}"
        )
        people.append(make_person(f"Deltager{n:03d} Hansen", clinic))
    invite(meeting, people, by=None, send=False)
    return meeting, people


def test_the_attendance_list_never_splits_a_person_from_their_clinic(long_list):
    meeting, people = long_list
    reader = read(attendance_pdf(meeting))
    assert len(reader.pages) >= 2
    assert_accessible(reader, "Mødedeltagerliste")
    assert_fonts_embedded(reader)
    # The clinic's name wraps over lines and ends the row: its last word is on the row's page.
    assert_rows_whole(reader, [(f"Deltager{n:03d}", f"slut{n:03d}") for n in range(len(people))])


@pytest.mark.django_db
def test_a_polyglot_uploaded_as_html_downloads_as_pdf(world, login):
    meeting = make_meeting(world.cluster_a)
    client = login(world.users["coordinator"])
    page = reverse("meetings:materials", args=["klynge-a", meeting.pk])
    polyglot = pdf() + b"<html><script>alert(1)</script></html>"
    client.post(page, {"file": upload(polyglot, "x.html"), "label": ""})
    material = Material.objects.get()
    response = client.get(reverse("meetings:material", args=["klynge-a", meeting.pk, material.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="x.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    # A bomb is refused on the page, in Danish, and nothing is stored.
    response = client.post(page, {"file": upload(pdf(inflated=60 * 1_048_576)), "label": ""})
    assert response.status_code == 200 and "når den pakkes ud" in response.text
    assert Material.objects.count() == 1
