"""Agenda, materials, decisions, follow-ups and minutes."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib import files
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.meetings import lifecycle, services, services_items
from klynge.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    DecisionForm,
    MaterialForm,
    MinutesForm,
)
from klynge.meetings.lookups import get_meeting, get_run_meeting, meeting_crumbs
from klynge.meetings.models import Action, Invitation
from klynge.meetings.rules import ATTACH_LIMIT


def back_to(request, name, cluster, meeting):
    """Back to the page the form was on: the meeting page (`next=detail`) or `name`."""
    if request.POST.get("next") == "detail":
        url = reverse("meetings:detail", args=[cluster.slug, meeting.pk])
        return redirect(url + "#dagsorden")
    return redirect(name, cluster.slug, meeting.pk)


@cluster_view(MANAGE)
def agenda(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    form = AgendaItemForm(request.POST if request.method == "POST" else None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        services_items.add_agenda_item(meeting, form.save(commit=False), by=request.user)
        messages.success(request, _("Punktet er tilføjet."))
        return redirect("meetings:agenda", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/agenda.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "items": meeting.agenda.select_related(
                "responsible", "package_order__package", "survey"
            ),
            "form": form,
            "open_actions": services.open_actions(cluster).exclude(meeting=meeting),
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Dagsorden"), None)),
        },
    )


@cluster_view(MANAGE)
def agenda_item(request, cluster, meeting, agenda_item):
    meeting = get_meeting(cluster, meeting)
    item = get_object_or_404(meeting.agenda, pk=agenda_item)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None, instance=item, cluster=cluster
    )
    if request.method == "POST" and form.is_valid():
        services_items.change_agenda_item(form.save(commit=False), by=request.user)
        messages.success(request, _("Punktet er gemt."))
        return redirect("meetings:agenda", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/agenda_item.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "item": item,
            "form": form,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Ret punkt"), None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def agenda_move(request, cluster, meeting, agenda_item):
    meeting = get_meeting(cluster, meeting)
    up = request.POST.get("direction") == "up"
    services_items.move_agenda_item(meeting, agenda_item, up, by=request.user)
    return redirect("meetings:agenda", cluster.slug, meeting.pk)


@cluster_view(MANAGE)
@require_POST
def agenda_delete(request, cluster, meeting, agenda_item):
    meeting = get_meeting(cluster, meeting)
    item = get_object_or_404(meeting.agenda, pk=agenda_item, is_followup=False)
    services_items.delete_agenda_item(item, by=request.user)
    messages.success(request, _("Punktet er slettet."))
    return redirect("meetings:agenda", cluster.slug, meeting.pk)


@cluster_view(MANAGE)
def materials(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    form = MaterialForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services_items.add_material(
            meeting,
            data["file"],
            kind=form.kind,
            label=data["label"],
            item=data["item"],
            by=request.user,
        )
        messages.success(request, _("Materialet er lagt op."))
        return back_to(request, "meetings:materials", cluster, meeting)
    rules = cluster.rules_on(timezone.localdate(meeting.start) if meeting.start else None)
    due = meeting.start - timedelta(days=rules.materials_deadline_days) if meeting.start else None
    return render(
        request,
        "meetings/materials.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "materials": meeting.materials.select_related("item"),
            "form": form,
            "due": due,
            "invited": meeting.invitations.count(),
            "attach_limit": ATTACH_LIMIT,
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Materiale"), None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def send_materials(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    if not meeting.materials.exists() and not meeting.agenda.exclude(is_followup=True).exists():
        messages.error(request, _("Læg dagsorden eller materiale op, før det sendes."))
    else:
        try:
            queued = services.send_materials(
                meeting, by=request.user, attach=request.POST.get("attach") == "1"
            )
        except lifecycle.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, _("Dagsorden og materiale er sendt til %(n)s inviterede.") % {"n": queued}
            )
    return back_to(request, "meetings:materials", cluster, meeting)


@cluster_view(READ)
def material_download(request, cluster, meeting, material):
    meeting = get_meeting(cluster, meeting)
    material = get_object_or_404(meeting.materials, pk=material)
    return files.download(material.file, material.label, material.mime)


@cluster_view(MANAGE)
@require_POST
def material_delete(request, cluster, meeting, material):
    meeting = get_meeting(cluster, meeting)
    material = get_object_or_404(meeting.materials, pk=material)
    services_items.delete_material(material, by=request.user)
    messages.success(request, _("Materialet er slettet."))
    return redirect("meetings:materials", cluster.slug, meeting.pk)


def outcomes_page(request, cluster, meeting, decision_form=None, action_form=None):
    """The decisions and follow-ups page; a refused form is shown again with its errors."""
    return render(
        request,
        "meetings/outcomes.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "decisions": meeting.decisions.all(),
            "actions": meeting.actions.select_related("owner_person", "owner_clinic"),
            "earlier": services.open_actions(cluster).exclude(meeting=meeting),
            "decision_form": decision_form or DecisionForm(prefix="d"),
            "action_form": action_form or ActionForm(cluster=cluster, prefix="a"),
            "status_choices": Action.Status.choices,
            "can_manage": can(request, MANAGE),
            "breadcrumbs": meeting_crumbs(
                cluster, meeting, (_("Beslutninger og opfølgning"), None)
            ),
        },
    )


@cluster_view(MEMBERS)
@require_safe
def outcomes(request, cluster, meeting):
    """Decisions and follow-ups, written during or right after the meeting; each form posts to
    its own view below."""
    meeting = get_run_meeting(request, cluster, meeting)
    return outcomes_page(request, cluster, meeting)


@cluster_view(MEMBERS)
@require_POST
def outcomes_decision(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = DecisionForm(request.POST, prefix="d")
    if not form.is_valid():
        return outcomes_page(request, cluster, meeting, decision_form=form)
    services_items.add_decision(meeting, form.cleaned_data["text"], by=request.user)
    messages.success(request, _("Beslutningen er gemt."))
    return redirect("meetings:outcomes", cluster.slug, meeting.pk)


@cluster_view(MEMBERS)
@require_POST
def outcomes_action(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = ActionForm(request.POST, cluster=cluster, prefix="a")
    if not form.is_valid():
        return outcomes_page(request, cluster, meeting, action_form=form)
    services_items.add_action(meeting, form.action_fields(), by=request.user)
    messages.success(request, _("Opfølgningen er gemt."))
    return redirect("meetings:outcomes", cluster.slug, meeting.pk)


@cluster_view(MEMBERS)
@require_POST
def decision_delete(request, cluster, meeting, decision):
    meeting = get_run_meeting(request, cluster, meeting)
    found = get_object_or_404(meeting.decisions, pk=decision)
    services_items.delete_decision(found, by=request.user)
    return redirect("meetings:outcomes", cluster.slug, meeting.pk)


@cluster_view(READ)
def actions(request, cluster):
    show = request.GET.get("vis", "open")
    rows = Action.objects.filter(cluster=cluster).select_related(
        "owner_person", "owner_clinic", "meeting"
    )
    if show != "alle":
        rows = rows.filter(status=Action.Status.OPEN)
    next_meeting = cluster.meetings.upcoming().exclude(start__isnull=True).order_by("start").first()
    return render(
        request,
        "meetings/actions.html",
        {
            "cluster": cluster,
            "rows": rows,
            "show": show,
            "next_meeting": next_meeting,
            "can_manage": can(request, MANAGE),
            "status_choices": Action.Status.choices,
            "breadcrumbs": cluster_crumbs(cluster, (_("Opfølgning"), None)),
        },
    )


@cluster_view(MANAGE)
@require_POST
def action_status(request, cluster, meeting_action):
    action = get_object_or_404(Action.objects.filter(cluster=cluster), pk=meeting_action)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(action, form.cleaned_data["status"], by=request.user)
        messages.success(request, _("Opfølgningen er opdateret."))
    else:
        messages.error(request, _("Vælg en gyldig status."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("meetings:actions", cluster.slug)


@cluster_view(MEMBERS)
def minutes(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = MinutesForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item_minutes = {item: data[f"item_{item.pk}"] for item in form.items}
        services_items.save_minutes(meeting, data["summary"], item_minutes, by=request.user)
        messages.success(request, _("Referatet er gemt."))
        return redirect("meetings:minutes", cluster.slug, meeting.pk)
    rules = cluster.rules_on(timezone.localdate(meeting.start) if meeting.start else None)
    return render(
        request,
        "meetings/minutes.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "form": form,
            "rules": rules,
            "can_manage": can(request, MANAGE),
            "not_started": lifecycle.not_started(meeting),
            "breadcrumbs": meeting_crumbs(cluster, meeting, (_("Referat"), None)),
        },
    )


def minutes_context(meeting) -> dict:
    return {
        "meeting": meeting,
        "cluster": meeting.cluster,
        "agenda": meeting.agenda.select_related("responsible"),
        "invitations": meeting.invitations.select_related("person", "clinic").order_by(
            "person__name"
        ),
        "present": Invitation.Attendance.PRESENT,
        "decisions": meeting.decisions.all(),
        "actions": meeting.actions.select_related("owner_person", "owner_clinic"),
        "now": timezone.now(),
    }


@cluster_view(READ)
def minutes_pdf(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    context = minutes_context(meeting)
    data = render_pdf("meetings/pdf/minutes.html", context)
    named = [inv.person for inv in context["invitations"]]
    log_access(request, "export", "Mødereferat med fremmøde (PDF)", named, cluster)
    return pdf_response(data, f"referat-{meeting.title}")


@cluster_view(MANAGE)
@require_POST
def send_minutes(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    try:
        lifecycle.require_started(meeting)
    except lifecycle.Refused as refused:
        messages.error(request, str(refused))
        return redirect("meetings:minutes", cluster.slug, meeting.pk)
    data = render_pdf("meetings/pdf/minutes.html", minutes_context(meeting))
    queued = services.send_minutes(meeting, data, by=request.user)
    messages.success(request, _("Referatet er sendt til %(n)s inviterede.") % {"n": queued})
    return redirect("meetings:detail", cluster.slug, meeting.pk)
