"""Questions: a thread per cluster between its coordinator or board and the secretariat."""

from django.urls import reverse
from post_office.models import Email

from klynge.clusters.models import AccessLog
from klynge.conftest import make_cluster
from klynge.desk import services
from klynge.desk.lookups import waiting_for_answer
from klynge.desk.models import Question


def post(client, cluster="klynge-a", body="Må vi bruge refusionen til en ekstern oplægsholder?"):
    return client.post(reverse("desk:questions", args=[cluster]), {"body": body})


def test_coordinator_asks_and_the_secretariat_is_mailed(world, login):
    response = post(login(world.users["coordinator"]))
    assert response.status_code == 302
    question = Question.objects.get()
    assert not question.from_secretariat and question.author_name == "Karen Koordinator"
    mail = Email.objects.get()
    assert mail.to == [world.kiap.secretariat_email]
    assert mail.subject == "Spørgsmål fra Klynge klynge-a"
    assert "ekstern oplægsholder" in mail.message
    assert reverse("desk:questions", args=["klynge-a"]) in mail.message
    assert waiting_for_answer(world.kiap) == 1 and waiting_for_answer(world.ekvis) == 0


def test_secretariat_answers_and_coordinator_and_board_are_mailed(world, login):
    post(login(world.users["board"]))
    Email.objects.all().delete()
    response = post(login(world.users["secretariat_kiap"]), body="Ja, inden for loftet.")
    assert response.status_code == 302
    answer = Question.objects.latest("pk")
    assert answer.from_secretariat
    assert sorted(mail.to[0] for mail in Email.objects.all()) == [
        "board@example.dk",
        "coordinator@example.dk",
    ]
    assert waiting_for_answer(world.kiap) == 0
    page = login(world.users["coordinator"]).get(reverse("desk:questions", args=["klynge-a"]))
    assert "Ja, inden for loftet." in page.text and "PLO, sekretariatet" in page.text


def test_an_empty_message_is_refused_in_danish(world, login):
    response = post(login(world.users["coordinator"]), body="  ")
    assert response.status_code == 200 and "Skriv en besked." in response.text
    assert not Question.objects.exists() and not Email.objects.exists()


def test_members_and_other_clusters_cannot_read_the_thread(world, login):
    post(login(world.users["coordinator"]))
    url = reverse("desk:questions", args=["klynge-a"])
    assert login(world.users["member"]).get(url).status_code == 403
    assert login(world.users["other_coordinator"]).get(url).status_code == 404
    assert login(world.users["secretariat_ekvis"]).get(url).status_code == 404
    assert post(login(world.users["member"])).status_code == 403
    assert Question.objects.count() == 1


def test_reading_the_thread_is_logged_with_its_authors(world, login):
    post(login(world.users["coordinator"]))
    post(login(world.users["board"]), body="Og må vi bestille en pakke?")
    login(world.users["secretariat_kiap"]).get(reverse("desk:questions", args=["klynge-a"]))
    logged = AccessLog.objects.filter(actor=world.users["secretariat_kiap"])
    assert {entry.subject_label for entry in logged} == {"Karen Koordinator", "Bent Bestyrelse"}


def test_hostile_text_is_escaped_on_the_page_and_in_the_html_mail(world, login):
    post(login(world.users["coordinator"]), body="<script>alert(1)</script>")
    page = login(world.users["secretariat_kiap"]).get(reverse("desk:questions", args=["klynge-a"]))
    assert "<script>alert" not in page.text
    assert "<script>alert" not in Email.objects.get().html_message


def test_inbox_lists_waiting_first_in_constant_queries(world, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.ask(
        world.cluster_a, "Spørgsmål", by=world.users["coordinator"], from_secretariat=False
    )
    services.ask(world.cluster_b, "Spørgsmål", by=world.users["other_coordinator"],
                 from_secretariat=False)  # fmt: skip
    services.ask(world.cluster_b, "Svar", by=world.users["secretariat_kiap"], from_secretariat=True)
    client = login(world.users["secretariat_kiap"])
    url = reverse("desk:inbox", args=["kiap"])
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).text
    assert "1 klynge venter på svar." in page
    assert page.index("Klynge klynge-a") < page.index("Klynge klynge-b")
    for index in range(8):
        cluster = make_cluster(world.kiap, f"q{index}", world.region)
        for _ in range(3):
            services.ask(cluster, "Hej", by=world.users["admin"], from_secretariat=False)
    with django_assert_num_queries(len(small)):
        page = client.get(url).text
    assert "9 klynger venter på svar." in page


def test_the_cluster_page_and_the_secretariat_start_page_link_to_it(world, login):
    post(login(world.users["coordinator"]))
    page = login(world.users["coordinator"]).get(reverse("clusters:detail", args=["klynge-a"]))
    assert reverse("desk:questions", args=["klynge-a"]) in page.text
    page = login(world.users["secretariat_kiap"]).get(reverse("secretariat:home")).text
    assert "Spørgsmål (1 venter på svar)" in page
