"""The outbox's own pages: "Send igen" for a failed mail, and stopping an optional mail."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from post_office.models import Email

from klynge.clusters.access import MANAGE, cluster_view, token_view
from klynge.clusters.audit import Actor
from klynge.mail import optout, services
from klynge.mail.models import Dispatch


def back(request, cluster):
    """Where the button was pressed (a meeting or a notice), else the cluster's page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("clusters:detail", cluster.slug)


@cluster_view(MANAGE)
@require_POST
def resend(request, cluster, dispatch):
    """Put one failed mail of this cluster back in the queue."""
    dispatch = get_object_or_404(Dispatch.objects.filter(cluster=cluster), pk=dispatch)
    if services.requeue(Email.objects.filter(pk=dispatch.email_id), actor=request.user):
        messages.success(
            request,
            _("E-mailen til %(to)s er lagt i kø og sendes igen om få minutter.")
            % {"to": dispatch.recipient},
        )
    else:
        messages.info(
            request,
            _("E-mailen til %(to)s er ikke fejlet, så den sendes ikke igen.")
            % {"to": dispatch.recipient},
        )
    return back(request, cluster)


@token_view
@csrf_exempt  # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, unsubscribe_token):
    """GET asks; POST (the page's button, or the mail program's one click) stops the mail."""
    found = optout.read(unsubscribe_token)
    if found is None:
        return render(request, "outbox/unsubscribe.html", {"bad": True}, status=400)
    email, template = found
    if request.method == "POST":
        optout.stop(email, template, by=Actor.link(f"afmeldingslink: {email}"))
    return render(
        request,
        "outbox/unsubscribe.html",
        {"email": email, "kind": optout.label(template), "done": optout.stopped(email, template)},
    )
