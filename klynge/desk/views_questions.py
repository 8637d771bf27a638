"""Questions: one thread per cluster between its coordinator or board and the secretariat."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klynge.clusters.access import OVERSIGHT, STAFF_READ, can, cluster_view, scheme_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.desk import services
from klynge.desk.crumbs import start_crumbs
from klynge.desk.forms import QuestionForm
from klynge.desk.models import Question

MANAGE_SIDE = STAFF_READ - OVERSIGHT  # coordinator and board


@cluster_view(STAFF_READ)
def questions(request, cluster):
    """The thread; coordinator and board ask, the secretariat (or an admin) answers."""
    from_secretariat = not can(request, MANAGE_SIDE)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.ask(
            cluster, form.cleaned_data["body"], by=request.user, from_secretariat=from_secretariat
        )
        messages.success(request, _("Beskeden er sendt."))
        return redirect("desk:questions", cluster.slug)
    thread = list(cluster.questions.select_related("author__person"))
    authors = {q.author.person.pk: q.author.person for q in thread if _person(q) is not None}
    log_access(request, "view", _("Spørgsmål til sekretariatet"), authors.values(), cluster)
    return render(
        request,
        "desk/questions.html",
        {
            "cluster": cluster,
            "thread": thread,
            "form": form,
            "from_secretariat": from_secretariat,
            "breadcrumbs": cluster_crumbs(cluster, (_("Spørgsmål til sekretariatet"), None)),
        },
    )


def _person(question):
    author = question.author
    return getattr(author, "person", None) if author is not None else None


@scheme_view
def inbox(request, scheme):
    """Every cluster's thread, those waiting for an answer first."""
    latest = (
        Question.objects.filter(cluster__scheme=scheme)
        .latest_per_cluster()
        .select_related("cluster")
    )
    counts = dict(
        Question.objects.filter(cluster__scheme=scheme)
        .values("cluster")
        .annotate(n=Count("pk"))
        .values_list("cluster", "n")
    )
    threads = sorted(
        ({"last": q, "count": counts.get(q.cluster_id, 0)} for q in latest),
        key=lambda t: (t["last"].from_secretariat, t["last"].created),
    )
    return render(
        request,
        "desk/inbox.html",
        {
            "scheme": scheme,
            "threads": threads,
            "waiting": sum(1 for t in threads if not t["last"].from_secretariat),
            "breadcrumbs": start_crumbs(request, scheme) + [(_("Spørgsmål fra klyngerne"), None)],
        },
    )
