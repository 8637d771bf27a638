"""The general assembly's notice as a PDF (agenda, date, place, proposals, attachments), and every
PDF of the assembly and the year tagged for screen readers with its language and title."""

from datetime import date

import pytest
import time_machine

from klynge.clusters.models import AccessLog
from klynge.lib.tests import pdfs
from klynge.meetings.tests.factories import make_material
from klynge.year import services
from klynge.year.models import Proposal
from klynge.year.tests.helpers import local

HOSTILE = '<b>"Ærø & Co"</b>'


@pytest.fixture
def assembly(world):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        assembly = services.create_assembly(
            world.cluster_a,
            start=local(date(2027, 3, 16)),
            venue="Roskilde Kongres",
            address="Møllehusvej 15",
            proposals_deadline=date(2027, 2, 23),
            by=None,
        )
    Proposal.objects.create(
        assembly=assembly, person=world.people["member"], title=HOSTILE,
        text="Klyngen holder fem møder om året.",
    )  # fmt: skip
    make_material(assembly.meeting, label="Regnskab 2026.pdf")
    return assembly


def notice_url(assembly):
    return f"/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/indkaldelse.pdf"


def test_members_download_the_notice_with_agenda_proposals_and_attachments(world, login, assembly):
    response = login(world.users["member"]).get(notice_url(assembly))
    assert response.status_code == 200
    assert "indkaldelse-generalforsamling-klynge-a-2027.pdf" in response["Content-Disposition"]
    reader = pdfs.read(response.content)
    title = f"Indkaldelse til generalforsamling – {world.cluster_a.name}"
    pdfs.assert_accessible(reader, title)
    pdfs.assert_fonts_embedded(reader)
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    for expected in (
        "tirsdag 16. marts 2027 kl. 17:00",
        "Roskilde Kongres, Møllehusvej 15",
        "23. februar 2027",
        "Valg af dirigent og referent",
        HOSTILE,  # as text, not markup
        "Stillet af Mette Medlem",
        "Regnskab 2026.pdf",
        "Side 1 af",
    ):
        assert expected in text, expected
    assert AccessLog.objects.filter(subject=world.people["member"], action="export").exists()


def test_outsiders_get_no_notice(world, login, assembly):
    assert login(world.users["other_coordinator"]).get(notice_url(assembly)).status_code == 404


def test_the_assembly_page_links_to_the_notice(world, login, assembly):
    page = login(world.users["member"]).get(
        f"/klynger/{assembly.cluster.slug}/aar/generalforsamling/{assembly.pk}/"
    )
    assert notice_url(assembly) in page.content.decode()
