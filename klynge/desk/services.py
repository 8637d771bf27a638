"""State changes on the secretariat's desk; each a @service with its actor."""

from django.core.files.base import File
from django.urls import reverse
from django.utils import timezone

from klynge.clusters.access import person_of
from klynge.clusters.audit import Actor, service
from klynge.clusters.models import Post
from klynge.desk.models import Guide, News, Question
from klynge.lib import files
from klynge.mail.outbox import absolute, queue_mail
from klynge.mail.sender import SECRETARIAT


@service
def publish_guide(scheme, upload, kind: files.Kind, *, by, **fields) -> Guide:
    """Store the upload under a server-made name and publish it to the scheme."""
    guide = Guide(
        scheme=scheme,
        label=upload.name[:200],
        mime=kind.mime,
        size=upload.size,
        published_by=Actor.of(by).user,
        **fields,
    )
    guide.file.save(files.server_name(f"desk/{scheme.code}", kind), File(upload), save=False)
    guide.save()
    return guide


@service
def withdraw_guide(guide: Guide, *, by) -> None:
    """Coordinators no longer see it; the file and its history are kept."""
    if guide.withdrawn_at is None:
        guide.withdrawn_at = timezone.now()
        guide.save(update_fields=["withdrawn_at"])


def news_recipients(scheme, on) -> list[tuple]:
    """The scheme's coordinators on the day with an e-mail address, each person once, with the
    first cluster they coordinate (the mail speaks for that cluster's secretariat)."""
    posts = (
        Post.objects.active(on)
        .filter(cluster__scheme=scheme, kind=Post.Kind.COORDINATOR)
        .exclude(person__email="")
        .select_related("person", "cluster__scheme")
        .order_by("person__name", "person_id", "cluster__name")
    )
    found: dict = {}
    for post in posts:
        found.setdefault(post.person_id, (post.person, post.cluster))
    return list(found.values())


@service
def publish_news(scheme, *, by, title: str, body: str, emailed: bool) -> News:
    """Publish news to the scheme's dashboards and, if chosen, e-mail each coordinator once."""
    news = News.objects.create(
        scheme=scheme,
        title=title,
        body=body,
        emailed=emailed,
        published_by=Actor.of(by).user,
    )
    if emailed:
        mail_news(news)
    return news


def mail_news(news: News) -> int:
    """Queue the news to each coordinator of its scheme; a coordinator already mailed is skipped."""
    url = absolute(reverse("dashboard"))
    queued = 0
    for person, cluster in news_recipients(news.scheme, timezone.localdate()):
        queued += (
            queue_mail(
                "desk_news",
                person.email,
                {"news": news, "scheme": news.scheme, "person": person, "url": url},
                key=f"desk.news:{news.pk}:{person.pk}",
                cluster=cluster,
                about=news,
                voice=SECRETARIAT,
                automatic=False,
                optional=True,
            )
            is not None
        )
    return queued


@service
def ask(cluster, body: str, *, by, from_secretariat: bool) -> Question:
    """Add a message to the cluster's thread and tell the other side by e-mail."""
    question = Question.objects.create(
        cluster=cluster,
        body=body,
        from_secretariat=from_secretariat,
        author=by,
        author_name=author_name(by),
    )
    url = absolute(reverse("desk:questions", args=[cluster.slug]))
    context = {"question": question, "cluster": cluster, "url": url}
    if from_secretariat:
        for person in cluster_staff(cluster, timezone.localdate()):
            queue_mail(
                "desk_answer",
                person.email,
                context | {"person": person},
                key=f"desk.question:{question.pk}:{person.pk}",
                cluster=cluster,
                about=question,
                voice=SECRETARIAT,
                automatic=False,
            )
    else:
        queue_mail(
            "desk_question",
            cluster.scheme.secretariat_email,
            context,
            key=f"desk.question:{question.pk}:secretariat",
            cluster=cluster,
            about=question,
            automatic=False,
        )
    return question


def author_name(user) -> str:
    person = person_of(user)
    return (person.name if person else user.name or user.email)[:200]


def cluster_staff(cluster, on) -> list:
    """The cluster's coordinator and board members on the day with an e-mail, each once."""
    posts = (
        Post.objects.active(on)
        .filter(cluster=cluster, kind__in=[Post.Kind.COORDINATOR, Post.Kind.BOARD])
        .exclude(person__email="")
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    return list({post.person_id: post.person for post in posts}.values())
