"""The secretariat's scheme events: list, create, invite, materials and attendance."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import scheme_view
from klynge.clusters.accesslog import log_access
from klynge.events import lookups, services
from klynge.events.forms import AttendanceForm, EventForm, MaterialForm
from klynge.lib import files
from klynge.meetings import rules as meeting_rules
from klynge.meetings.lifecycle import Refused


@scheme_view
def events(request, scheme):
    return render(
        request,
        "events/list.html",
        {
            "scheme": scheme,
            "events": lookups.events_of(scheme),
            "breadcrumbs": lookups.crumbs(scheme),
        },
    )


@scheme_view
def event_add(request, scheme):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.create_event(scheme, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Arrangementet er oprettet. Send invitationerne, når det er klar.")
        )
        return redirect("events:detail", scheme.code, event.pk)
    return render(
        request,
        "events/form.html",
        {
            "scheme": scheme,
            "form": form,
            "breadcrumbs": lookups.crumbs(scheme, (_("Nyt arrangement"), None)),
        },
    )


def _detail(request, scheme, event, material_form=None, status=200):
    invitations = lookups.invitations_of(event)
    log_access(
        request,
        "view",
        _("Invitationer til arrangement"),
        persons=[invitation.person for invitation in invitations],
    )
    now = timezone.now()
    return render(
        request,
        "events/detail.html",
        {
            "scheme": scheme,
            "event": event,
            "invitations": invitations,
            "counts": lookups.counts(invitations),
            "materials": list(event.materials.all()),
            "material_form": material_form or MaterialForm(),
            "may_invite": event.status in ("planning", "called")
            and not meeting_rules.has_started(event.start, now),
            "started": meeting_rules.has_started(event.start, now),
            "to_invite": len(services.recipients(event)),
            "breadcrumbs": lookups.crumbs(scheme, (event.title, None)),
        },
        status=status,
    )


@scheme_view
def event_detail(request, scheme, scheme_event):
    return _detail(request, scheme, lookups.event_of(scheme, scheme_event))


@scheme_view
@require_POST
def event_invite(request, scheme, scheme_event):
    event = lookups.event_of(scheme, scheme_event)
    try:
        queued = services.invite(event, by=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(n)d invitationer er sendt med kalenderfil og personligt svarlink.")
            % {"n": queued},
        )
    return redirect("events:detail", scheme.code, event.pk)


@scheme_view
@require_POST
def material_add(request, scheme, scheme_event):
    event = lookups.event_of(scheme, scheme_event)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, scheme, event, material_form=form, status=400)
    services.add_material(event, form.cleaned_data["file"], form.kind, by=request.user)
    messages.success(
        request, _("Materialet er lagt op. De inviterede finder det via deres svarlink.")
    )
    return redirect("events:detail", scheme.code, event.pk)


@scheme_view
def material_file(request, scheme, scheme_event, event_material):
    event = lookups.event_of(scheme, scheme_event)
    material = get_object_or_404(event.materials, pk=event_material)
    return files.download(material.file, material.label)


@scheme_view
def attendance(request, scheme, scheme_event):
    event = lookups.event_of(scheme, scheme_event)
    invitations = lookups.invitations_of(event)
    log_access(
        request, "view", _("Fremmøde til arrangement"), persons=[i.person for i in invitations]
    )
    form = AttendanceForm(request.POST or None, invitations=invitations)
    not_started = meeting_rules.not_started_reason(event.start, timezone.now())
    status = 200
    if request.method == "POST":
        if not_started is not None:
            status = 409
        elif form.is_valid():
            try:
                changed = services.set_attendance(event, form.values(), by=request.user)
            except Refused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Fremmødet er gemt (%(n)d ændret).") % {"n": changed})
                return redirect("events:detail", scheme.code, event.pk)
    return render(
        request,
        "events/attendance.html",
        {
            "scheme": scheme,
            "event": event,
            "form": form,
            "not_started": not_started,
            "breadcrumbs": lookups.crumbs(
                scheme,
                (event.title, reverse("events:detail", args=[scheme.code, event.pk])),
                (_("Fremmøde"), None),
            ),
        },
        status=status,
    )
