"""The meeting itself: list, create, edit, invite, cancel, the meeting page and the call list."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view, person_of
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.meetings import ics, lifecycle, page, services, services_items
from klynge.meetings.forms import AnswerForm, CancelForm, InviteForm, MeetingForm
from klynge.meetings.lookups import get_meeting, meeting_crumbs
from klynge.meetings.models import Invitation, Meeting

# Fields whose change must reach the invited people's calendars.
CALENDAR_FIELDS = {"title", "start", "end", "venue", "venue_address", "venue_type", "virtual_link"}


@cluster_view(READ)
def meeting_list(request, cluster):
    meetings = cluster.meetings.annotate(
        invited=Count("invitations"),
        yes=Count("invitations", filter=Q(invitations__answer=Invitation.Answer.YES)),
        no=Count("invitations", filter=Q(invitations__answer=Invitation.Answer.NO)),
        present=Count(
            "invitations", filter=Q(invitations__attendance=Invitation.Attendance.PRESENT)
        ),
    ).order_by("-start", "-pk")
    now = timezone.now()
    upcoming = [m for m in meetings if m.start is None or m.start >= now]
    upcoming.sort(key=lambda m: (m.start is not None, m.start or now))
    past = [m for m in meetings if m.start is not None and m.start < now]
    return render(
        request,
        "meetings/list.html",
        {
            "cluster": cluster,
            "upcoming": upcoming,
            "past": past,
            "can_manage": can(request, MANAGE),
            "open_action_count": services.open_actions(cluster).count(),
            "breadcrumbs": cluster_crumbs(cluster, (_("Møder"), None)),
        },
    )


@cluster_view(MANAGE)
def create(request, cluster):
    form = MeetingForm(request.POST if request.method == "POST" else None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        meeting = services.create_meeting(cluster, by=request.user, **fields)
        messages.success(request, _("Mødet er oprettet."))
        if meeting.start is None:
            return redirect("meetings:poll", cluster.slug, meeting.pk)
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "cluster": cluster,
            "form": form,
            "title": _("Nyt møde"),
            "breadcrumbs": meeting_crumbs(cluster, None, (_("Nyt møde"), None)),
        },
    )


@cluster_view(MANAGE)
def edit(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    form = MeetingForm(
        request.POST if request.method == "POST" else None, instance=meeting, cluster=cluster
    )
    if request.method == "POST" and form.is_valid():
        calendar_changed = bool(set(form.changed_data) & CALENDAR_FIELDS)
        meeting = form.save(commit=False)
        queued = services_items.change_meeting(meeting, calendar_changed, by=request.user)
        if queued is not None:
            messages.success(
                request,
                _("Mødet er ændret. %(n)s inviterede får en opdateret kalenderinvitation.")
                % {"n": queued},
            )
        else:
            messages.success(request, _("Mødet er gemt."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/form.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "title": _("Ret mødet"),
            "called": meeting.status == Meeting.Status.CALLED,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Ret"), None)),
        },
    )


@cluster_view(READ)
def detail(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    return render(request, "meetings/detail.html", page.meeting_page(request, cluster, meeting))


@cluster_view(MANAGE)
def invite(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    if meeting.start is None:
        messages.error(request, _("Mødet skal have et tidspunkt, før der kan indkaldes."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    if meeting.status in (Meeting.Status.CANCELLED, *Meeting.HELD_STATUSES):
        messages.error(request, _("Der kan ikke indkaldes til et aflyst eller afholdt møde."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    already = set(meeting.invitations.values_list("person_id", flat=True))
    on = timezone.localdate(meeting.start)
    initial = already or set(services.default_invitees(cluster, on).values_list("pk", flat=True))
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        cluster=cluster,
        on=on,
        initial={"people": list(initial)},
    )
    if request.method == "POST" and form.is_valid():
        people = form.cleaned_data["people"]
        queued = services.invite(meeting, people, by=request.user)
        without = [p.name for p in people if not p.email]
        messages.success(request, _("%(n)s invitationer er lagt i udbakken.") % {"n": queued})
        if without:
            messages.warning(
                request,
                _("Uden e-mail (kontakt dem selv): %(names)s") % {"names": ", ".join(without)},
            )
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/invite.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "already": already,
            "deadline": meeting.answer_deadline or services.default_deadline(meeting),
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Indkald"), None)),
        },
    )


@cluster_view(MANAGE)
def cancel(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if meeting.status == Meeting.Status.CANCELLED:
            messages.info(request, _("Mødet var allerede aflyst."))
        elif why := lifecycle.refusal(meeting, Meeting.Status.CANCELLED):
            messages.error(request, why)
        else:
            queued = services.cancel(meeting, reason=form.cleaned_data["reason"], by=request.user)
            messages.success(
                request, _("Mødet er aflyst. %(n)s inviterede får besked.") % {"n": queued}
            )
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/cancel.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Aflys"), None)),
        },
    )


# The steps a coordinator takes by hand on the meeting page (cancelling has its own page).
MANUAL_STEPS = {Meeting.Status.HELD, Meeting.Status.CLOSED, Meeting.Status.CALLED}


@cluster_view(MANAGE)
@require_POST
def set_status(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    target = request.POST.get("status")
    if target not in MANUAL_STEPS:
        messages.error(request, _("Mødets status kan ikke ændres sådan."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    try:
        lifecycle.move(meeting, target, by=request.user)
    except lifecycle.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Mødet har nu status «%(s)s».") % {"s": meeting.get_status_display()}
        )
    return redirect("meetings:detail", cluster.slug, meeting.pk)


@cluster_view(MEMBERS)
@require_POST
def my_answer(request, cluster, meeting):
    """A logged-in member answers their own invitation from the meeting page."""
    meeting = get_meeting(cluster, meeting)
    person = person_of(request.user)
    invitation = get_object_or_404(meeting.invitations, person=person)
    form = AnswerForm(request.POST)
    if not services.answer_open(meeting):
        messages.error(request, _("Svarfristen er overskredet. Kontakt koordinatoren."))
    elif form.is_valid():
        services.record_answer(
            invitation, form.cleaned_data["answer"], form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("Dit svar er gemt."))
    else:
        messages.error(request, _("Vælg, om du deltager eller melder afbud."))
    return redirect("meetings:detail", cluster.slug, meeting.pk)


@cluster_view(READ)
def meeting_calendar(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    if meeting.start is None:
        messages.error(request, _("Mødet har endnu ikke et tidspunkt."))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    response = HttpResponse(ics.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="klyngemoede-{meeting.pk}.ics"'
    return response


@cluster_view(MANAGE)
def call_list(request, cluster, meeting):
    """Who has not answered, with phone numbers, for the coordinator to ring."""
    meeting = get_meeting(cluster, meeting)
    rows = list(
        services.non_responders(meeting)
        .select_related("person", "clinic")
        .prefetch_related(None)
        .order_by("person__name")
    )
    log_access(
        request, "view", "Ringeliste over medlemmer uden svar", [r.person for r in rows], cluster
    )
    return render(
        request,
        "meetings/call_list.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "rows": rows,
            "deadline_passed": meeting.answer_deadline
            and meeting.answer_deadline <= timezone.now(),
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Ringeliste"), None)),
        },
    )
