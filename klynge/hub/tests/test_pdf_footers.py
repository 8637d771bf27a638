"""Every PDF Klynge makes says on every page whose it is (the cluster's name), what it is (the
document's name) and "Side n af m" counted over the whole file, so a printed page that falls out
of the pile can be put back. One case per kind of document; a new kind of PDF template must be
added here (the last test walks the templates)."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from klynge.lib.tests import pdfs
from klynge.meetings import documents
from klynge.meetings.tests.factories import invite_people, make_meeting
from klynge.money import pack
from klynge.money.models import Budget, BudgetLine
from klynge.money.tests import factories as money
from klynge.privacy.export import access_zip
from klynge.surveys import results
from klynge.surveys.models import Survey
from klynge.year import documents as year_documents
from klynge.year import report, services
from klynge.year.tests.helpers import local

pytestmark = pytest.mark.django_db

# Quotes, an ampersand and æøå: the name must come through as text, not markup.
CLUSTER = 'Klynge "Ærø & Co"'


@pytest.fixture
def cluster(world):
    world.cluster_a.name = CLUSTER
    world.cluster_a.save()
    return world.cluster_a


def meeting_of(world, cluster):
    meeting = make_meeting(cluster, title="Klyngemøde om KOL")
    invite_people(meeting, [world.people["coordinator"], world.people["member"]])
    return meeting


def assembly_of(cluster):
    with time_machine.travel(local(date(2027, 1, 10), 9), tick=False):
        return services.create_assembly(
            cluster, start=local(date(2027, 3, 16)), venue="Roskilde Kongres",
            address="Møllehusvej 15", proposals_deadline=date(2027, 2, 23),
            by=None,
        )  # fmt: skip


def get(client, name, *args) -> bytes:
    response = client.get(reverse(name, args=["klynge-a", *args]))
    assert response.status_code == 200, name
    return response.content


def privacy_pdf(world, cluster) -> bytes:
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(access_zip(world.people["coordinator"])))
    return archive.read("indsigt.pdf")


def claim_pack(world, cluster) -> bytes:
    claim = money.claim(cluster, money.meeting(cluster), lines=[("catering", "2600")])
    return pack.build_pack(claim)


def plans(name):
    def build(world, cluster, client):
        budget = Budget.objects.create(cluster=cluster, year=2026)
        BudgetLine.objects.create(budget=budget, kind="catering", description="Mad", amount=800)
        return get(client, name, 2026)

    return build


# kind: (how to make it, the document's name in its footer)
KINDS = {
    "attendance_list": (
        lambda w, c, _: documents.attendance_pdf(meeting_of(w, c)),
        "Mødedeltagerliste · Klyngemøde om KOL",
    ),
    "blank_attendance_list": (
        lambda w, c, _: documents.attendance_pdf(meeting_of(w, c), blank=True),
        "Mødedeltagerliste · Klyngemøde om KOL",
    ),
    "meeting_minutes": (
        lambda w, c, client: get(client, "meetings:minutes_pdf", meeting_of(w, c).pk),
        "Referat: Klyngemøde om KOL",
    ),
    "assembly_notice": (
        lambda w, c, client: get(client, "year:assembly_notice_pdf", assembly_of(c).pk),
        "Indkaldelse til generalforsamling",
    ),
    "assembly_minutes": (
        lambda w, c, _: year_documents.minutes_pdf_bytes(assembly_of(c)),
        "Referat: Generalforsamling",
    ),
    "status_report": (
        lambda w, c, _: report.pdf_bytes(c, 2026, None),
        "KiAP's spørgeskema om klyngens aktivitet i 2026",
    ),
    "claim_pack": (lambda w, c, _: claim_pack(w, c), "Refusionskrav nr. "),
    "budget": (plans("money:budget_pdf"), "Budget 2026"),
    "accounts": (plans("money:accounts_pdf"), "Årsregnskab 2026"),
    "honorarium": (lambda w, c, client: get(client, "money:honorarium_pdf", 2026), "Honorar"),
    "survey_results": (
        lambda w, c, _: results.pdf(Survey.objects.create(cluster=c, title="Spirometri"), [], []),
        "Resultater: Spirometri",
    ),
    "privacy_export": (lambda w, c, _: privacy_pdf(w, c), "Indsigt: "),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_names_the_cluster_the_document_and_side_n_af_m(world, login, cluster, kind):
    build, name = KINDS[kind]
    reader = pdfs.read(build(world, cluster, login(world.users["coordinator"])))
    texts = [page.extract_text().replace("\n", " ") for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"{CLUSTER} · {name}" in text, (kind, number, text[-300:])
        assert f"Side {number} af {len(texts)}" in text, (kind, number, text[-300:])


def test_every_pdf_template_sets_its_footer():
    """A PDF template under a pdf/ folder names its document in its footer: a whole document
    sets <body data-footer> and styles it with pdf/_running.html (itself or through the shared
    style); one that extends a base fills the base's doc_name or footer block. The demo's
    made-up supplier invoice is not Klynge's document."""
    root = Path(settings.BASE_DIR) / "klynge"
    paths = [p for p in root.glob("*/templates/*/pdf/*.html") if p.name != "demo_receipt.html"]
    assert len(paths) >= 14
    for path in paths:
        text = path.read_text()
        if path.name == "_style.html" or path.name == "base.html":
            assert "pdf/_running.html" in text, path
        if path.name == "base.html":
            assert 'data-footer="' in text, path
        elif "{% extends" in text:
            assert "{% block doc_name %}" in text or "{% block footer %}" in text, path
        elif not path.name.startswith("_"):
            assert 'data-footer="' in text and "pdf/_style.html" in text, path
