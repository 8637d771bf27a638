"""What the meeting page shows, built for the page and for the sections htmx swaps in place
(the agenda, and the decisions with follow-ups), each with its small forms.

Everything but the invitations and the e-mails' delivery is read from the cache under the
cluster's token (klynge/lib/derived.py): the agenda with its materials, the decisions and
follow-ups, the date poll, the rules, the claim, and the empty forms already rendered (their
selects list the cluster's people, clinics, package orders and surveys). Every input bumps the
token (the `derived.py` of clusters, meetings and surveys); the cluster's people are those of
the day, so the day is part of the key.
"""

from django.utils import timezone

from klynge.clusters.access import MANAGE, can, person_of
from klynge.clusters.accesslog import log_access
from klynge.lib import derived
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


def content(cluster, meeting) -> dict:
    """The page's cached part (see the module's doc): one query for the token when warm."""
    parts = [meeting.pk, timezone.localdate().isoformat()]
    return derived.cached(
        "meeting-page", [cluster], parts, lambda _owners: {cluster.pk: compute(cluster, meeting)}
    )[cluster.pk]


def compute(cluster, meeting) -> dict:
    materials = list(meeting.materials.all())
    claim = type(meeting)._meta.get_field("claim").related_model
    return {
        "agenda": list(meeting.agenda.select_related("responsible").prefetch_related("materials")),
        "loose_materials": [m for m in materials if m.item_id is None],
        "material_count": len(materials),
        "open_actions": list(services.open_actions(cluster).exclude(meeting=meeting)),
        "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.actions.select_related("owner_person", "owner_clinic")),
        "poll": DatePoll.objects.filter(meeting=meeting).prefetch_related("options").first(),
        "rules": cluster.rules_on(timezone.localdate(meeting.start) if meeting.start else None),
        "claim": claim.objects.filter(meeting=meeting).only("pk", "meeting").first(),
        # The empty forms as HTML: the same as rendering them on the page.
        "material_form": MaterialForm(meeting=meeting).render(),
        "agenda_form": AgendaItemForm(cluster=cluster, prefix=AGENDA_NEW).render(),
        "decision_form": DecisionForm(prefix=DECISION_NEW).render(),
        "action_form": ActionForm(cluster=cluster, prefix=ACTION_NEW).render(),
    }


def agenda_section(request, cluster, meeting, *, form=None, editing=None, edit_form=None):
    """The agenda with its materials; a manager adds items here and edits one in place."""
    shown = content(cluster, meeting)
    manage = can(request, MANAGE)
    return {
        "agenda": shown["agenda"],
        "loose_materials": shown["loose_materials"],
        "material_count": shown["material_count"],
        "material_form": shown["material_form"] if manage else None,
        "open_actions": shown["open_actions"]
        if meeting.status not in Meeting.HELD_STATUSES
        else [],
        "agenda_form": (form or shown["agenda_form"]) if manage else None,
        "editing_item": editing,
        "item_form": edit_form,
    }


def outcomes_section(request, cluster, meeting, **forms) -> dict:
    """Decisions and follow-ups; whoever runs the meeting adds and edits them here."""
    shown = content(cluster, meeting)
    runs = runs_meeting(request, meeting)
    return {
        "decisions": shown["decisions"],
        "actions": shown["actions"],
        "decision_form": (forms.get("decision_form") or shown["decision_form"]) if runs else None,
        "action_form": (forms.get("action_form") or shown["action_form"]) if runs else None,
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
    shown = content(cluster, meeting)
    poll, rules = shown["poll"], shown["rules"]
    # The claim as cached: the steps ask whether there is one, and link to it.
    type(meeting)._meta.get_field("claim").set_cached_value(meeting, shown["claim"])
    counts = dict.fromkeys(Invitation.Answer.values, 0)
    for invitation in invitations:
        counts[invitation.answer] += 1
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
