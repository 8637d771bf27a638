"""Guides and templates: the secretariat publishes, its scheme's coordinators and boards download."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klynge.clusters.access import clusters_of
from klynge.clusters.models import Post
from klynge.conftest import make_clinic, make_cluster, make_person
from klynge.desk.models import Guide
from klynge.desk.panels import dashboard_panels
from klynge.desk.tests.factories import PDF_BYTES, make_guide, pdf_upload


def publish(client, scheme="kiap", **data):
    data = {"title": "Skabelon til dagsorden", "category": "template",
            "version_date": "01.03.2026", "description": "Til klyngemøder", "upload": pdf_upload(
                "../../etc/dagsorden skabelon.pdf")} | data  # fmt: skip
    return client.post(reverse("desk:guides", args=[scheme]), data)


def test_secretariat_publishes_a_pdf_under_a_server_made_name(world, login):
    response = publish(login(world.users["secretariat_kiap"]))
    assert response.status_code == 302
    guide = Guide.objects.get()
    assert (guide.scheme, guide.category, guide.version_date) == (
        world.kiap,
        "template",
        date(2026, 3, 1),
    )
    assert guide.label == "dagsorden skabelon.pdf"
    assert guide.file.name.startswith("desk/kiap/") and "dagsorden" not in guide.file.name
    assert guide.published_by == world.users["secretariat_kiap"]
    assert guide.history.get().history_actor == "sekretariat.plo@example.dk"


def test_a_file_that_is_not_pdf_docx_or_xlsx_is_refused_in_danish(world, login):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = publish(login(world.users["secretariat_kiap"]), upload=fake)
    assert response.status_code == 200
    assert "ikke en gyldig fil af de tilladte typer (PDF, Word, Excel)" in response.text
    assert 'value="Skabelon til dagsorden"' in response.text
    assert not Guide.objects.exists()


def test_coordinators_and_boards_of_the_scheme_find_and_download(world, login):
    kiap = make_guide(world.kiap, title="Sådan holder I generalforsamling")
    ekvis = make_guide(world.ekvis, title="eKVIS' refusionsregler")
    for persona in ("coordinator", "board"):
        client = login(world.users[persona])
        dashboard = client.get(reverse("dashboard")).text
        assert "Sådan holder I generalforsamling" in dashboard and "eKVIS'" not in dashboard
        url = reverse("desk:cluster_guide_file", args=["klynge-a", kiap.pk])
        assert b"".join(client.get(url).streaming_content) == PDF_BYTES
        other = reverse("desk:cluster_guide_file", args=["klynge-a", ekvis.pk])
        assert client.get(other).status_code == 404
    member = login(world.users["member"])
    assert member.get(reverse("desk:cluster_guides", args=["klynge-a"])).status_code == 403
    assert "Vejledninger og skabeloner" not in member.get(reverse("dashboard")).text


def test_a_withdrawn_guide_is_gone_for_coordinators(world, login):
    guide = make_guide(world.kiap)
    client = login(world.users["secretariat_ekvis"])
    withdraw = reverse("desk:guide_withdraw", args=["kiap", guide.pk])
    assert client.post(withdraw).status_code == 403
    client = login(world.users["secretariat_kiap"])
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    guide.refresh_from_db()
    assert guide.withdrawn_at is not None
    coordinator = login(world.users["coordinator"])
    url = reverse("desk:cluster_guide_file", args=["klynge-a", guide.pk])
    assert coordinator.get(url).status_code == 404
    page = coordinator.get(reverse("desk:cluster_guides", args=["klynge-a"])).text
    assert "Der er ingen vejledninger" in page


def test_titles_are_escaped(world, login):
    make_guide(world.kiap, title="<script>alert(1)</script>")
    page = login(world.users["coordinator"]).get(reverse("desk:cluster_guides", args=["klynge-a"]))
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_dashboard_panel_queries_do_not_grow(world, rf, django_assert_num_queries):
    """The panel alone: other apps' panels are theirs to keep constant."""
    person = world.people["coordinator"]
    make_guide(world.kiap)
    for count in (1, 6):
        for index in range(count):
            scheme = world.ekvis if index % 2 else world.kiap
            cluster = make_cluster(scheme, f"x{count}-{index}", world.region)
            Post.objects.create(
                cluster=cluster, person=person, kind="board", start=date(2020, 1, 1)
            )
            make_person(f"Læge {index}", make_clinic(cluster))
            make_guide(world.ekvis, title=f"Guide {count}-{index}")
            make_guide(world.kiap, title=f"Skabelon {count}-{index}")
        clusters = clusters_of(world.users["coordinator"])
        dashboard_panels(rf.get("/"), clusters)  # news and guides, into the cache
        with django_assert_num_queries(1):  # then the clusters' tokens only
            panels = dashboard_panels(rf.get("/"), clusters)
    sections = panels[-1].context["sections"]
    titles = [[guide.title for guide in section["guides"]] for section in sections]
    assert titles == [
        ["Skabelon 6-5", "Skabelon 6-4", "Skabelon 6-3", "Skabelon 6-2", "Skabelon 6-1"],
        ["Guide 6-5", "Guide 6-4", "Guide 6-3", "Guide 6-2", "Guide 6-1"],
    ]


def test_demo_publishes_real_files_news_and_a_question_once(world):
    from io import StringIO
    from types import SimpleNamespace

    from klynge.desk import demo
    from klynge.lib.files import sniff

    fake = SimpleNamespace(
        clusters={"oejenklyngen-nord": world.cluster_e},
        people={"ekvis.koordinator": world.people["other_coordinator"]},
    )
    demo.load(fake, StringIO())
    demo.load(fake, StringIO())
    assert world.kiap.news.count() == 1 and world.ekvis.news.count() == 1
    assert [q.from_secretariat for q in world.cluster_e.questions.all()] == [False, True]
    assert Guide.objects.filter(scheme=world.ekvis).count() == 4
    assert Guide.objects.filter(scheme=world.kiap).count() == 3
    kinds = {sniff(guide.file.open("rb").read(65536)).extension for guide in Guide.objects.all()}
    assert kinds == {"pdf", "xlsx"}
    assert Guide.objects.get(scheme=world.kiap, category="template", mime__contains="sheet")
