"""News from the secretariat: on the coordinators' dashboards, and e-mailed once per coordinator."""

from datetime import date, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from klynge.clusters.access import clusters_of
from klynge.clusters.models import Post
from klynge.conftest import make_cluster
from klynge.desk import services
from klynge.desk.models import News
from klynge.desk.panels import dashboard_panels


def write(client, scheme="kiap", **data):
    data = {"title": "Nye klyngepakker", "body": "Se de nye pakker om KOL.", "emailed": "on"} | data
    return client.post(reverse("desk:news", args=[scheme]), data)


def test_publishing_mails_each_coordinator_of_the_scheme_once(world, login):
    # Karen coordinates a second KiAP cluster too: she still gets one mail.
    second = make_cluster(world.kiap, "klynge-c", world.region)
    Post.objects.create(
        cluster=second, person=world.people["coordinator"], kind="coordinator",
        start=date(2020, 1, 1),
    )  # fmt: skip
    response = write(login(world.users["secretariat_kiap"]))
    assert response.status_code == 302
    news = News.objects.get()
    assert news.published_by == world.users["secretariat_kiap"] and news.emailed
    recipients = sorted(email.to[0] for email in Email.objects.all())
    assert recipients == ["coordinator@example.dk", "other_coordinator@example.dk"]
    mail = next(email for email in Email.objects.all() if email.to == ["coordinator@example.dk"])
    assert mail.subject == "Nyt fra KiAP / PLO: Nye klyngepakker"
    assert "Se de nye pakker om KOL." in mail.message and "Kære Karen Koordinator" in mail.message
    # Queued again (e.g. a retried job): the keys stop a second mail.
    assert services.mail_news(news) == 0 and Email.objects.count() == 2


def test_news_without_email_sends_nothing(world, login):
    write(login(world.users["secretariat_kiap"]), emailed="")
    assert News.objects.get().emailed is False and Email.objects.count() == 0


def test_missing_title_is_refused_in_danish_keeping_the_text(world, login):
    response = write(login(world.users["secretariat_kiap"]), title="")
    assert response.status_code == 200 and "Se de nye pakker om KOL." in response.text
    assert "Dette felt er påkrævet" in response.text or "Udfyld" in response.text
    assert not News.objects.exists() and not Email.objects.exists()


def test_other_schemes_secretariat_cannot_write(world, login):
    assert write(login(world.users["secretariat_ekvis"])).status_code == 403
    assert not News.objects.exists()


def test_coordinators_and_boards_read_it_on_their_dashboard(world, login):
    services.publish_news(world.kiap, by=None, title="Koordinatortræf", body="Kom!", emailed=False)
    services.publish_news(world.ekvis, by=None, title="eKVIS-nyt", body="Andet", emailed=False)
    for persona in ("coordinator", "board"):
        page = login(world.users[persona]).get(reverse("dashboard")).text
        assert "Koordinatortræf" in page and "eKVIS-nyt" not in page
        assert reverse("desk:cluster_news", args=["klynge-a"]) in page
    assert "Koordinatortræf" not in login(world.users["member"]).get(reverse("dashboard")).text
    page = login(world.users["coordinator"]).get(reverse("desk:cluster_news", args=["klynge-a"]))
    assert "Koordinatortræf" in page.text and "eKVIS-nyt" not in page.text


def test_hostile_news_is_escaped_in_page_and_html_mail(world, login):
    services.publish_news(
        world.kiap, by=None, title="<img src=x onerror=alert(1)>", body="<b>", emailed=True
    )
    page = login(world.users["coordinator"]).get(reverse("dashboard")).text
    assert "<img src=x" not in page
    assert "<img src=x" not in Email.objects.first().html_message


def test_old_news_leaves_the_dashboard_and_the_panel_queries_stay_constant(
    world, rf, django_assert_num_queries
):
    with time_machine.travel(timezone.now() - timedelta(days=100)):
        services.publish_news(world.kiap, by=None, title="Gammel", body="x", emailed=False)
    for index in range(5):
        services.publish_news(world.kiap, by=None, title=f"Nyhed {index}", body="x", emailed=False)
    clusters = clusters_of(world.users["coordinator"])
    dashboard_panels(rf.get("/"), clusters)  # news and guides, into the cache
    with django_assert_num_queries(1):  # then the clusters' tokens only
        panels = dashboard_panels(rf.get("/"), clusters)
    shown = [item.title for item in panels[0].context["sections"][0]["items"]]
    assert shown == ["Nyhed 4", "Nyhed 3", "Nyhed 2"]


def test_news_mail_replies_to_the_secretariat_and_stops_with_one_click(world):
    from klynge.mail import optout

    optout.stop("other_coordinator@example.dk", "desk_news", by=None)
    news = services.publish_news(world.kiap, by=None, title="Nyt", body="Tekst", emailed=True)
    mail = Email.objects.get()
    assert mail.to == ["coordinator@example.dk"]
    assert mail.headers["Reply-To"].endswith(f"<{world.kiap.secretariat_email}>")
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Auto-Submitted" not in mail.headers
    assert "Du får denne e-mail som klyngekoordinator under KiAP / PLO." in mail.message
    assert services.mail_news(news) == 0
