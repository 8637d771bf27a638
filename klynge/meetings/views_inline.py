"""Small forms on the meeting page: agenda items, decisions and follow-ups added and edited in
place. htmx gets the section back (errors included); without JavaScript the same URLs answer
with the whole meeting page (errors, or the item in edit mode) or go back to it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.clusters.access import MANAGE, MEMBERS, cluster_view
from klynge.clusters.accesslog import log_access
from klynge.clusters.models import Person
from klynge.meetings import page, services_items
from klynge.meetings.forms import ActionForm, AgendaItemForm, DecisionForm
from klynge.meetings.lookups import get_meeting, get_run_meeting
from klynge.meetings.models import Action


def is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def log_section(request, cluster):
    """A section's forms list the cluster's members to choose from: a look-up of their data."""
    members = Person.objects.members_of(cluster)
    log_access(request, "view", "Mødeside: dagsorden og beslutninger", members, cluster)


def agenda_answer(request, cluster, meeting, **forms):
    """The agenda section (htmx) or the whole page, showing `forms` as they are."""
    if is_htmx(request):
        log_section(request, cluster)
        context = page.base(request, cluster, meeting)
        context |= page.agenda_section(request, cluster, meeting, **forms)
        return render(request, "meetings/_agenda_section.html", context)
    context = page.meeting_page(request, cluster, meeting, **forms)
    return render(request, "meetings/detail.html", context)


def outcomes_answer(request, cluster, meeting, **forms):
    if is_htmx(request):
        log_section(request, cluster)
        context = page.base(request, cluster, meeting)
        context |= page.outcomes_section(request, cluster, meeting, **forms)
        return render(request, "meetings/_outcomes_section.html", context)
    context = page.meeting_page(request, cluster, meeting, **forms)
    return render(request, "meetings/detail.html", context)


def back(request, cluster, meeting, anchor, message):
    """After a save: htmx gets the fresh section; a browser without JavaScript the page."""
    if is_htmx(request):
        answer = agenda_answer if anchor == "dagsorden" else outcomes_answer
        return answer(request, cluster, meeting)
    messages.success(request, message)
    url = reverse("meetings:detail", args=[cluster.slug, meeting.pk])
    return redirect(f"{url}#{anchor}")


@cluster_view(MANAGE)
@require_POST
def agenda_add(request, cluster, meeting):
    meeting = get_meeting(cluster, meeting)
    form = AgendaItemForm(request.POST, cluster=cluster, prefix=page.AGENDA_NEW)
    if not form.is_valid():
        return agenda_answer(request, cluster, meeting, form=form)
    services_items.add_agenda_item(meeting, form.save(commit=False), by=request.user)
    return back(request, cluster, meeting, "dagsorden", _("Punktet er tilføjet."))


@cluster_view(MANAGE)
def agenda_edit(request, cluster, meeting, agenda_item):
    meeting = get_meeting(cluster, meeting)
    item = get_object_or_404(meeting.agenda, pk=agenda_item)
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, instance=item, cluster=cluster, prefix=page.AGENDA_EDIT)
    if data is None or not form.is_valid():
        return agenda_answer(request, cluster, meeting, editing=item.pk, edit_form=form)
    services_items.change_agenda_item(form.save(commit=False), by=request.user)
    return back(request, cluster, meeting, "dagsorden", _("Punktet er gemt."))


@cluster_view(MEMBERS)
@require_POST
def decision_add(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = DecisionForm(request.POST, prefix=page.DECISION_NEW)
    if not form.is_valid():
        return outcomes_answer(request, cluster, meeting, decision_form=form)
    services_items.add_decision(meeting, form.cleaned_data["text"], by=request.user)
    return back(request, cluster, meeting, "beslutninger", _("Beslutningen er gemt."))


@cluster_view(MEMBERS)
def decision_edit(request, cluster, meeting, decision):
    meeting = get_run_meeting(request, cluster, meeting)
    found = get_object_or_404(meeting.decisions, pk=decision)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, initial={"text": found.text}, prefix=page.DECISION_EDIT)
    if data is None or not form.is_valid():
        return outcomes_answer(
            request, cluster, meeting, editing_decision=found.pk, decision_edit_form=form
        )
    services_items.change_decision(found, form.cleaned_data["text"], by=request.user)
    return back(request, cluster, meeting, "beslutninger", _("Beslutningen er gemt."))


@cluster_view(MEMBERS)
@require_POST
def action_add(request, cluster, meeting):
    meeting = get_run_meeting(request, cluster, meeting)
    form = ActionForm(request.POST, cluster=cluster, prefix=page.ACTION_NEW)
    if not form.is_valid():
        return outcomes_answer(request, cluster, meeting, action_form=form)
    services_items.add_action(meeting, form.action_fields(), by=request.user)
    return back(request, cluster, meeting, "beslutninger", _("Opfølgningen er gemt."))


def owner_of(action: Action) -> str:
    if action.owner_person_id:
        return f"person:{action.owner_person_id}"
    if action.owner_clinic_id:
        return f"clinic:{action.owner_clinic_id}"
    return "cluster"


@cluster_view(MEMBERS)
def action_edit(request, cluster, meeting, meeting_action):
    meeting = get_run_meeting(request, cluster, meeting)
    action = get_object_or_404(meeting.actions, pk=meeting_action)
    data = request.POST if request.method == "POST" else None
    initial = {
        "text": action.text,
        "owner": owner_of(action),
        "due_date": action.due_date,
        "due_next_meeting": action.due_next_meeting,
    }
    form = ActionForm(data, cluster=cluster, initial=initial, prefix=page.ACTION_EDIT)
    if data is None or not form.is_valid():
        return outcomes_answer(
            request, cluster, meeting, editing_action=action.pk, action_edit_form=form
        )
    services_items.change_action(action, form.action_fields(), by=request.user)
    return back(request, cluster, meeting, "beslutninger", _("Opfølgningen er gemt."))
