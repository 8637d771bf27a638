"""Attendance on the day (on a phone), the attendance list for the secretariat, the absence rule."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, READ, STAFF_READ, can, cluster_view, person_of
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib import tables
from klynge.lib.pdf import pdf_response
from klynge.meetings import lifecycle, services, services_guests
from klynge.meetings.absence import absence_records
from klynge.meetings.documents import (
    attendance_csv,
    attendance_invitations,
    attendance_pdf,
    attendance_table,
)
from klynge.meetings.forms import GuestForm, WalkInForm
from klynge.meetings.lookups import get_meeting, get_run_meeting, meeting_crumbs
from klynge.meetings.models import Invitation

CHOICES = [
    (Invitation.Attendance.PRESENT, _("Til stede")),
    (Invitation.Attendance.EXCUSED, _("Afbud")),
    (Invitation.Attendance.ABSENT, _("Udeblevet")),
]


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def refuse(request, meeting, message: str):
    messages.error(request, message)
    return redirect("meetings:attendance", meeting.cluster.slug, meeting.pk)


def matches(query: str, *texts: str) -> bool:
    return not query or any(query in (text or "").casefold() for text in texts)


@cluster_view(MEMBERS)
def attendance(request, cluster, meeting):
    """The door: search by name or clinic (`?q=`, live with htmx), one tap per person, guests."""
    meeting = get_run_meeting(request, cluster, meeting)
    query = request.GET.get("q", "").strip()[:100]
    needle = query.casefold()
    everyone = list(attendance_invitations(meeting))
    rows = [r for r in everyone if matches(needle, r.person.name, r.clinic and r.clinic.name)]
    guests = [g for g in meeting.guests.all() if matches(needle, g.name, g.organisation)]
    log_access(request, "view", "Fremmøde på mødet", [row.person for row in rows], cluster)
    counts = dict.fromkeys(Invitation.Attendance.values, 0)
    for row in everyone:
        counts[row.attendance] += 1
    said_yes = sum(
        row.answer == Invitation.Answer.YES and row.attendance == Invitation.Attendance.UNKNOWN
        for row in everyone
    )
    context = {
        "cluster": cluster,
        "meeting": meeting,
        "rows": rows,
        "guests": guests,
        "query": query,
        "total": len(everyone),
        "counts": counts,
        "said_yes": said_yes,
        "choices": [(value, str(label)) for value, label in CHOICES],  # translated once
        "not_started": lifecycle.not_started(meeting),
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "attendance-results":
        return render(request, "meetings/attendance.html#results", context)
    context.update(
        walk_in_form=WalkInForm(meeting=meeting),
        guest_form=GuestForm(),
        sheet=can(request, STAFF_READ),
        breadcrumbs=meeting_crumbs(cluster, meeting, (_("Fremmøde"), None)),
    )
    return render(request, "meetings/attendance.html", context)


@cluster_view(MEMBERS)
@require_POST
def guest_add(request, cluster, meeting):
    """An outside guest at the door; a refused form comes back with what was typed."""
    meeting = get_run_meeting(request, cluster, meeting)
    form = GuestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            guest = services_guests.add_guest(
                meeting, data["name"], data["organisation"], data["role"], by=request.user
            )
        except lifecycle.Refused as refused:
            return refuse(request, meeting, str(refused))
        messages.success(request, _("%(name)s er tilføjet som gæst.") % {"name": guest.name})
        return redirect(reverse("meetings:attendance", args=[cluster.slug, meeting.pk]) + "#guests")
    return render(
        request,
        "meetings/guest.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Tilføj gæst"), None)),
        },
        status=400,
    )


@cluster_view(MEMBERS)
@require_POST
def guest_remove(request, cluster, meeting, guest):
    meeting = get_run_meeting(request, cluster, meeting)
    found = get_object_or_404(meeting.guests, pk=guest)
    try:
        services_guests.remove_guest(found, by=request.user)
    except lifecycle.Refused as refused:
        return refuse(request, meeting, str(refused))
    messages.success(request, _("%(name)s er fjernet fra gæsterne.") % {"name": found.name})
    return redirect(reverse("meetings:attendance", args=[cluster.slug, meeting.pk]) + "#guests")


@cluster_view(MEMBERS)
def attendance_row(request, cluster, meeting, invitation):
    """Save one person's attendance. htmx gets the row back; without JavaScript, the page."""
    meeting = get_run_meeting(request, cluster, meeting)
    if request.method != "POST":
        return redirect(reverse("meetings:attendance", args=[cluster.slug, meeting.pk]))
    value = request.POST.get("attendance")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    valid = {choice for choice, _label in CHOICES} | {Invitation.Attendance.UNKNOWN}
    if value not in valid or not meeting.invitations.filter(pk=invitation).exists():
        if is_htmx(request):
            return HttpResponse(_("Ugyldigt valg."), status=400)
        messages.error(request, _("Ugyldigt valg."))
        return redirect("meetings:attendance", cluster.slug, meeting.pk)
    try:
        saved = services.set_attendance(meeting, invitation, value, version, by=request.user)
    except lifecycle.Refused as refused:
        if is_htmx(request):
            return HttpResponse(str(refused), status=409)
        return refuse(request, meeting, str(refused))
    if is_htmx(request):
        context = {
            "cluster": cluster,
            "meeting": meeting,
            "row": saved.invitation,
            "choices": CHOICES,
            "conflict": saved.conflict,
            "just_saved": not saved.conflict,
            "counts": services.attendance_counts(meeting),
            "oob": True,
        }
        row = render_to_string("meetings/attendance.html#row", context, request)
        counts = render_to_string("meetings/attendance.html#counts", context, request)
        return HttpResponse(row + counts)
    if saved.conflict:
        messages.warning(
            request,
            _(
                "%(name)s blev ændret på en anden enhed imens (nu: %(now)s). Se rækken og vælg "
                "igen, hvis det skal ændres."
            )
            % {
                "name": saved.invitation.person.name,
                "now": saved.invitation.get_attendance_display(),
            },
        )
    return redirect(
        reverse("meetings:attendance", args=[cluster.slug, meeting.pk])
        + f"#invitation-{saved.invitation.pk}"
    )


@cluster_view(MEMBERS)
def walk_in(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = WalkInForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.add_walk_in(meeting, form.cleaned_data["person"], by=request.user)
        except lifecycle.Refused as refused:
            return refuse(request, meeting, str(refused))
        messages.success(
            request, _("%(name)s er tilføjet som til stede.") % {"name": invitation.person.name}
        )
        return redirect("meetings:attendance", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/walk_in.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Tilføj deltager"), None)),
        },
    )


@cluster_view(MEMBERS)
@require_POST
def attendance_yes(request, cluster, meeting):
    """Everyone who said yes came; the exceptions are tapped afterwards."""
    meeting = get_run_meeting(request, cluster, meeting)
    try:
        count = services.mark_yes_present(meeting, by=request.user)
    except lifecycle.Refused as refused:
        return refuse(request, meeting, str(refused))
    messages.success(
        request,
        _("%(n)s, der meldte ja, er sat til stede. Ret nu kun dem, der ikke kom.") % {"n": count},
    )
    return redirect("meetings:attendance", cluster.slug, meeting.pk)


@cluster_view(MEMBERS)
@require_POST
def fill_absent(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    try:
        count = services.fill_absent(meeting, by=request.user)
    except lifecycle.Refused as refused:
        return refuse(request, meeting, str(refused))
    messages.success(
        request,
        _("%(n)s uden registrering er sat til afbud eller udeblevet. Mødet er afholdt.")
        % {"n": count},
    )
    return redirect("meetings:attendance", cluster.slug, meeting.pk)


@cluster_view(STAFF_READ)
def attendance_list_pdf(request, cluster, meeting):
    """The mødedeltagerliste; `?blank=1` prints it for signatures on the day."""
    meeting = get_meeting(cluster, meeting)
    blank = request.GET.get("blank") == "1"
    data = attendance_pdf(meeting, blank=blank)
    log_access(
        request,
        "export",
        "Mødedeltagerliste (PDF)",
        [inv.person for inv in attendance_invitations(meeting)],
        cluster,
    )
    name = f"{'underskriftsliste' if blank else 'moededeltagerliste'}-{cluster.slug}-{meeting.pk}"
    return pdf_response(data, name)


@cluster_view(STAFF_READ)
def attendance_list_csv(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    log_access(
        request,
        "export",
        "Mødedeltagerliste (CSV)",
        [inv.person for inv in attendance_invitations(meeting)],
        cluster,
    )
    name = f"moededeltagerliste-{cluster.slug}-{meeting.pk}"
    return tables.response(attendance_table(meeting), name, "csv")


@cluster_view(MANAGE)
@require_POST
def send_attendance_list(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    try:
        pdf, csv_data = attendance_pdf(meeting), attendance_csv(meeting)
        services.send_attendance_list(meeting, pdf, csv_data, by=request.user)
    except lifecycle.Refused as refused:
        messages.error(request, str(refused))
        return redirect("meetings:detail", cluster.slug, meeting.pk)
    messages.success(
        request,
        _("Mødedeltagerlisten er sendt til %(to)s.") % {"to": cluster.scheme.secretariat_email},
    )
    return redirect("meetings:detail", cluster.slug, meeting.pk)


@cluster_view(READ)
def absence(request, cluster):
    """The absence rule: managers see everyone; a member sees their own record."""
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    manager = can(request, STAFF_READ)
    person = None if manager else person_of(request.user)
    rows = absence_records(cluster, year, person=person) if manager or person else []
    if manager:
        log_access(
            request, "view", "Fravær efter klyngens regler", [r.person for r in rows], cluster
        )
    rules = cluster.rules_on(date(year, 12, 31))
    return render(
        request,
        "meetings/absence.html",
        {
            "cluster": cluster,
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "rules": rules,
            "manager": manager,
            "breadcrumbs": cluster_crumbs(cluster, (_("Fravær"), None)),
        },
    )
