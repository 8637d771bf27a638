"""Reminders on demand: "Send påmindelse nu" to those who have not answered a meeting or a poll."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view
from klynge.meetings import reminders
from klynge.meetings.lifecycle import Refused
from klynge.meetings.lookups import get_meeting
from klynge.meetings.models import DatePoll


def report(request, result: reminders.Reminded) -> None:
    """Tell the coordinator how many got a reminder, and who did not and why."""
    messages.success(
        request,
        ngettext(
            "Påmindelsen er lagt i udbakken til %(n)s person.",
            "Påmindelsen er lagt i udbakken til %(n)s personer.",
            result.sent,
        )
        % {"n": result.sent},
    )
    if result.already_today:
        messages.info(
            request,
            _("Har allerede fået en påmindelse i dag (højst én om dagen): %(names)s")
            % {"names": ", ".join(result.already_today)},
        )
    if result.without_email:
        messages.warning(
            request,
            _("Uden e-mail (kontakt dem selv): %(names)s")
            % {"names": ", ".join(result.without_email)},
        )


@cluster_view(MANAGE)
@require_POST
def remind(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    try:
        report(request, reminders.remind_meeting(meeting, by=request.user))
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("meetings:detail", cluster.slug, meeting.pk)


@cluster_view(MANAGE)
@require_POST
def poll_remind(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    poll = get_object_or_404(DatePoll, meeting=meeting)
    try:
        report(request, reminders.remind_poll(poll, by=request.user))
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("meetings:poll", cluster.slug, meeting.pk)
