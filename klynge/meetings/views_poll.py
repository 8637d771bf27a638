"""Finding a date: propose 2–8 times, see the answers in a grid, choose one and tell everyone."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, cluster_view
from klynge.meetings import polls, services
from klynge.meetings.forms import PollForm
from klynge.meetings.lookups import get_meeting, meeting_crumbs
from klynge.meetings.models import DatePoll, Meeting


@cluster_view(MANAGE)
def poll(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    existing = DatePoll.objects.filter(meeting=meeting).first()
    crumbs = meeting_crumbs(cluster, meeting, (_("Find en dato"), None))
    if existing is not None:
        options, rows, missing = polls.poll_grid(existing)
        best = max(
            options,
            key=lambda o: (o.counts["yes"] + o.counts["maybe"], o.counts["yes"]),
            default=None,
        )
        return render(
            request,
            "meetings/poll.html",
            {
                "cluster": cluster,
                "meeting": meeting,
                "poll": existing,
                "options": options,
                "rows": rows,
                "missing": missing,
                "best": best,
                "breadcrumbs": crumbs,
            },
        )
    if meeting.status != Meeting.Status.PLANNING:
        messages.error(request, _("Der kan kun findes en dato for et møde under planlægning."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    form = PollForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        days = [timezone.localdate(start) for start, _end in form.cleaned_data["options"]]
        people = services.members_on_any(cluster, days)
        polls.create_poll(
            meeting,
            form.cleaned_data["options"],
            people,
            form.cleaned_data["deadline"],
            by=request.user,
        )
        messages.success(
            request,
            _("Datoforslagene er sendt til %(n)s personer.") % {"n": people.count()},
        )
        return redirect("meetings:poll", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/poll_create.html",
        {"cluster": cluster, "meeting": meeting, "form": form, "breadcrumbs": crumbs},
    )


@cluster_view(MANAGE)
@require_POST
def choose(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    existing = get_object_or_404(DatePoll, meeting=meeting)
    option = existing.options.filter(pk=request.POST.get("option") or 0).first()
    if option is None:
        messages.error(request, _("Vælg et af de foreslåede tidspunkter."))
        return redirect("meetings:poll", cluster.slug, meeting.pk)
    if not existing.is_open:
        messages.error(request, _("Datoen er allerede valgt."))
        return redirect("meetings:poll", cluster.slug, meeting.pk)
    if option.start < timezone.now():
        messages.error(request, _("Tidspunktet er passeret. Vælg et andet."))
        return redirect("meetings:poll", cluster.slug, meeting.pk)
    queued = polls.choose_option(existing, option, by=request.user)
    messages.success(
        request,
        _("Datoen er valgt, og %(n)s personer får besked. Indkald nu til mødet.") % {"n": queued},
    )
    return redirect("meetings:invite", cluster.slug, meeting.pk)
