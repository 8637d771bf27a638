"""Agenda, materials, decisions, follow-ups and minutes."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, READ, can, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.crumbs import cluster_crumbs
from klynge.lib import files
from klynge.lib.pdf import pdf_response, render_pdf
from klynge.meetings import lifecycle, services
from klynge.meetings.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    DecisionForm,
    MaterialForm,
    MinutesForm,
)
from klynge.meetings.lookups import get_meeting, get_run_meeting, meeting_crumbs
from klynge.meetings.models import Action, Decision, Invitation, Material
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
        item = form.save(commit=False)
        item.meeting = meeting
        item.position = (meeting.agenda.aggregate(top=Max("position"))["top"] or 0) + 1
        item.save()
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
        form.save()
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
    with transaction.atomic():
        items = list(meeting.agenda.select_for_update())
        index = next((i for i, it in enumerate(items) if it.pk == agenda_item), None)
        if index is None:
            return redirect("meetings:agenda", cluster.slug, meeting.pk)
        other = index - 1 if request.POST.get("direction") == "up" else index + 1
        # The follow-up item stays first.
        if (
            0 <= other < len(items)
            and not items[other].is_followup
            and not items[index].is_followup
        ):
            items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    return redirect("meetings:agenda", cluster.slug, meeting.pk)


@cluster_view(MANAGE)
@require_POST
def agenda_delete(request, cluster, meeting, agenda_item):
    meeting = get_meeting(cluster, meeting)
    item = get_object_or_404(meeting.agenda, pk=agenda_item, is_followup=False)
    item.delete()
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
        upload = form.cleaned_data["file"]
        material = Material(
            meeting=meeting,
            item=form.cleaned_data["item"],
            label=form.cleaned_data["label"] or upload.name,
            mime=form.kind.mime,
            size=upload.size,
            uploaded_by=request.user,
        )
        material.file.save(
            files.server_name(f"meetings/{cluster.pk}", form.kind), upload, save=False
        )
        material.save()
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
                meeting, request.user, attach=request.POST.get("attach") == "1"
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
    material.file.delete(save=False)
    material.delete()
    messages.success(request, _("Materialet er slettet."))
    return redirect("meetings:materials", cluster.slug, meeting.pk)


@cluster_view(MEMBERS)
def outcomes(request, cluster, meeting):
    """Decisions and follow-ups, written during or right after the meeting."""
    meeting = get_run_meeting(request, cluster, meeting)
    kind = request.POST.get("kind")
    decision_form = DecisionForm(request.POST if kind == "decision" else None, prefix="d")
    action_form = ActionForm(
        request.POST if kind == "action" else None, cluster=cluster, prefix="a"
    )
    if request.method == "POST":
        if kind == "decision" and decision_form.is_valid():
            Decision.objects.create(meeting=meeting, text=decision_form.cleaned_data["text"])
            messages.success(request, _("Beslutningen er gemt."))
            return redirect("meetings:outcomes", cluster.slug, meeting.pk)
        if kind == "action" and action_form.is_valid():
            data = action_form.cleaned_data
            Action.objects.create(
                cluster=cluster,
                meeting=meeting,
                text=data["text"],
                due_date=data["due_date"],
                due_next_meeting=data["due_next_meeting"],
                **action_form.owner_fields(),
            )
            messages.success(request, _("Opfølgningen er gemt."))
            return redirect("meetings:outcomes", cluster.slug, meeting.pk)
        if kind == "delete_decision":
            meeting.decisions.filter(pk=request.POST.get("pk") or 0).delete()
            return redirect("meetings:outcomes", cluster.slug, meeting.pk)
    return render(
        request,
        "meetings/outcomes.html",
        {
            "cluster": cluster,
            "meeting": meeting,
            "decisions": meeting.decisions.all(),
            "actions": meeting.actions.select_related("owner_person", "owner_clinic"),
            "earlier": services.open_actions(cluster).exclude(meeting=meeting),
            "decision_form": decision_form,
            "action_form": action_form,
            "status_choices": Action.Status.choices,
            "can_manage": can(request, MANAGE),
            "breadcrumbs": meeting_crumbs(
                cluster, meeting, (_("Beslutninger og opfølgning"), None)
            ),
        },
    )


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
        services.set_action_status(action, form.cleaned_data["status"])
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
        with transaction.atomic():
            meeting.minutes_summary = form.cleaned_data["summary"]
            meeting.save(update_fields=["minutes_summary"])
            for item in form.items:
                item.minutes = form.cleaned_data[f"item_{item.pk}"]
                item.save(update_fields=["minutes"])
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
    queued = services.send_minutes(meeting, data)
    messages.success(request, _("Referatet er sendt til %(n)s inviterede.") % {"n": queued})
    return redirect("meetings:detail", cluster.slug, meeting.pk)
