"""What the meeting page shows, built for the page and for the sections htmx swaps in place
(the agenda, and the decisions with follow-ups), each with its small forms."""

from django.utils import timezone

from klynge.clusters.access import MANAGE, can, person_of
from klynge.clusters.accesslog import log_access
from klynge.mail.outbox import status_for
from klynge.meetings import lifecycle, progress, reminders, services
from klynge.meetings.forms import (
    ActionForm,
    AgendaItemForm,
    AnswerForm,
    DecisionForm,
    MaterialForm,
)
from klynge.meetings.lookups import meeting_crumbs, runs_meeting
from klynge.meetings.models import DatePoll, Invitation, Meeting

# Form prefixes: the page holds several small forms whose fields share names.
AGENDA_NEW, AGENDA_EDIT = "punkt", "ret-punkt"
DECISION_NEW, DECISION_EDIT = "beslutning", "ret-beslutning"
ACTION_NEW, ACTION_EDIT = "opfoelgning", "ret-opfoelgning"


def base(request, cluster, meeting) -> dict:
    return {
        "cluster": cluster,
        "meeting": meeting,
        "can_manage": can(request, MANAGE),
        "runs_meeting": runs_meeting(request, meeting),
        "started": lifecycle.meeting_has_started(meeting),
    }


def agenda_section(request, cluster, meeting, *, form=None, editing=None, edit_form=None):
    """The agenda with its materials; a manager adds items here and edits one in place."""
    agenda = list(meeting.agenda.select_related("responsible").prefetch_related("materials"))
    materials = list(meeting.materials.all())
    manage = can(request, MANAGE)
    return {
        "agenda": agenda,
        "loose_materials": [m for m in materials if m.item_id is None],
        "material_count": len(materials),
        "material_form": MaterialForm(meeting=meeting) if manage else None,
        "open_actions": list(
            services.open_actions(cluster).exclude(meeting=meeting)
            if meeting.status not in Meeting.HELD_STATUSES
            else []
        ),
        "agenda_form": (form or AgendaItemForm(cluster=cluster, prefix=AGENDA_NEW))
        if manage
        else None,
        "editing_item": editing,
        "item_form": edit_form,
    }


def outcomes_section(request, cluster, meeting, **forms) -> dict:
    """Decisions and follow-ups; whoever runs the meeting adds and edits them here."""
    runs = runs_meeting(request, meeting)
    return {
        "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.actions.select_related("owner_person", "owner_clinic")),
        "decision_form": (forms.get("decision_form") or DecisionForm(prefix=DECISION_NEW))
        if runs
        else None,
        "action_form": (forms.get("action_form") or ActionForm(cluster=cluster, prefix=ACTION_NEW))
        if runs
        else None,
        "editing_decision": forms.get("editing_decision"),
        "decision_edit_form": forms.get("decision_edit_form"),
        "editing_action": forms.get("editing_action"),
        "action_edit_form": forms.get("action_edit_form"),
    }


def meeting_page(request, cluster, meeting, **forms) -> dict:
    """The whole meeting page; `forms` are a section's forms as typed (errors) or in edit mode."""
    invitations = list(
        meeting.invitations.select_related("person", "clinic").order_by("person__name")
    )
    person = person_of(request.user)
    mine = next((inv for inv in invitations if person and inv.person_id == person.pk), None)
    poll = DatePoll.objects.filter(meeting=meeting).prefetch_related("options").first()
    counts = dict.fromkeys(Invitation.Answer.values, 0)
    for invitation in invitations:
        counts[invitation.answer] += 1
    rules = cluster.rules_on(timezone.localdate(meeting.start) if meeting.start else None)
    # The page shows who is invited and how they answered: a look-up of their data.
    log_access(
        request, "view", "Mødeside med inviterede og svar", [i.person for i in invitations], cluster
    )
    context = base(request, cluster, meeting)
    agenda_keys = {"form", "editing", "edit_form"}
    context |= agenda_section(
        request, cluster, meeting, **{k: v for k, v in forms.items() if k in agenda_keys}
    )
    context |= outcomes_section(
        request, cluster, meeting, **{k: v for k, v in forms.items() if k not in agenda_keys}
    )
    context |= {
        "invitations": invitations,
        "counts": counts,
        "present": sum(inv.attendance == Invitation.Attendance.PRESENT for inv in invitations),
        "poll": poll,
        "mine": mine,
        "answer_form": AnswerForm(initial={"answer": mine.answer if mine else None}),
        "answer_open": services.answer_open(meeting),
        "mail_status": status_for(meeting) if context["can_manage"] else None,
        "next_reminder": reminders.next_scheduled(meeting, rules)
        if context["can_manage"]
        else None,
        "rules": rules,
        "breadcrumbs": meeting_crumbs(cluster, meeting),
    }
    if context["can_manage"]:
        facts = progress.facts_of(
            meeting,
            invitations=invitations,
            agenda=context["agenda"],
            materials=context["material_count"],
            decisions=context["decisions"],
            actions=context["actions"],
            poll=poll,
        )
        context["steps"] = progress.step_links(meeting, facts)
    return context
