"""Messages: the cluster's list (who got what, when, delivered or failed), writing a new one,
and one message with its recipients."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from post_office.models import STATUS

from klynge.clusters.access import MANAGE, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.mail.outbox import status_for
from klynge.messaging import services
from klynge.messaging.forms import MessageForm
from klynge.messaging.lookups import get_message, message_crumbs

STATUS_FIELD = "recipients__dispatch__email__status"


@cluster_view(MANAGE)
def message_list(request, cluster):
    rows = cluster.messages_sent.select_related("meeting", "clinic").annotate(
        total=Count("recipients"),
        sent=Count("recipients", filter=Q(**{STATUS_FIELD: STATUS.sent})),
        failed=Count("recipients", filter=Q(**{STATUS_FIELD: STATUS.failed})),
        no_email=Count("recipients", filter=Q(recipients__dispatch__isnull=True)),
    )
    return render(
        request,
        "messaging/list.html",
        {
            "cluster": cluster,
            "rows": rows[:200],
            "breadcrumbs": message_crumbs(cluster),
        },
    )


def initial_from(request, cluster) -> dict:
    """A link from a meeting page may choose the audience and the meeting."""
    initial = {"audience": request.GET.get("til", "")}
    meeting = request.GET.get("moede", "")
    if meeting.isdigit() and cluster.meetings.filter(pk=meeting).exists():
        initial["meeting"] = int(meeting)
    return initial


@cluster_view(MANAGE)
def new(request, cluster):
    form = MessageForm(
        request.POST if request.method == "POST" else None,
        cluster=cluster,
        initial=initial_from(request, cluster),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audience = services.Audience(data["audience"], data["meeting"], data["clinic"])
        if data["audience"] not in services.rules.MEETING_AUDIENCES:
            audience.meeting = None
        if data["audience"] != services.rules.CLINIC:
            audience.clinic = None
        try:
            message = services.send_message(
                cluster, audience, data["subject"], data["body"], by=request.user
            )
        except services.NotSent as refused:
            form.add_error(refused.field, str(refused))
        else:
            count = message.recipients.exclude(dispatch=None).count()
            messages.success(
                request,
                ngettext(
                    "Beskeden er lagt i udbakken til %(n)s person.",
                    "Beskeden er lagt i udbakken til %(n)s personer.",
                    count,
                )
                % {"n": count},
            )
            return redirect("messaging:detail", cluster.slug, message.pk)
    return render(
        request,
        "messaging/new.html",
        {
            "cluster": cluster,
            "form": form,
            "breadcrumbs": message_crumbs(cluster, (_("Ny besked"), None)),
        },
    )


@cluster_view(MANAGE)
def detail(request, cluster, cluster_message):
    message = get_message(cluster, cluster_message)
    recipients = list(
        message.recipients.select_related("person", "dispatch__email").order_by("name", "pk")
    )
    log_access(
        request,
        "view",
        "Besked med modtagere og leveringsstatus",
        [r.person for r in recipients if r.person_id],
        cluster,
    )
    return render(
        request,
        "messaging/detail.html",
        {
            "cluster": cluster,
            "message": message,
            "recipients": recipients,
            "delivery": status_for(message),
            "breadcrumbs": message_crumbs(cluster, (message.subject, None)),
        },
    )
