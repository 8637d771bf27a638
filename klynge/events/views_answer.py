"""The invited person's answer page, opened from the personal link in the e-mail, without login.
A GET shows and changes nothing (mail scanners open every link); a POST records the answer. The
link never logs anyone in."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from klynge.clusters.access import token_view
from klynge.clusters.audit import Actor
from klynge.events import lookups, services
from klynge.lib import files
from klynge.meetings.forms import AnswerForm
from klynge.meetings.models import Invitation

BAD_LINK_STATUS = {"tampered": 400, "foreign": 400, "expired": 410}


def bad_link(request, reason: str):
    return render(
        request, "events/bad_link.html", {"reason": reason}, status=BAD_LINK_STATUS.get(reason, 400)
    )


@token_view
def answer(request, scheme_event, event_token):
    invitation, reason = lookups.by_token(scheme_event, event_token)
    if invitation is None:
        return bad_link(request, reason)
    event = invitation.event
    is_open = services.answer_open(event)
    preset = {"ja": Invitation.Answer.YES, "nej": Invitation.Answer.NO}.get(
        request.GET.get("svar", "")
    )
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial={
            "answer": preset or (invitation.answer if invitation.answer != "none" else None),
            "reason": invitation.answer_reason,
        },
    )
    saved = False
    if request.method == "POST" and is_open and form.is_valid():
        services.record_answer(
            invitation,
            form.cleaned_data["answer"],
            form.cleaned_data["reason"],
            by=Actor.link(f"svarlink: {invitation.person.email}"),
        )
        saved = True
    return render(
        request,
        "events/answer.html",
        {
            "event": event,
            "invitation": invitation,
            "form": form,
            "is_open": is_open,
            "saved": saved,
            "started": event.start <= timezone.now(),
            "materials": list(event.materials.all()),
            "token": event_token,
        },
        status=409 if request.method == "POST" and not is_open else 200,
    )


@token_view
def answer_material(request, scheme_event, event_token, event_material):
    invitation, reason = lookups.by_token(scheme_event, event_token)
    if invitation is None:
        return bad_link(request, reason)
    material = invitation.event.materials.filter(pk=event_material).first()
    if material is None:
        raise Http404
    return files.download(material.file, material.label)
