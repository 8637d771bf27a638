"""Pages opened from personal links, without login: answering an invitation or a date poll, and
the personal calendar feed. A GET shows and changes nothing (mail scanners open every link); a
POST records. The links never log anyone in."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.accounts.services import new_calendar_token
from klynge.clusters.access import authenticated, clusters_of, token_view
from klynge.clusters.audit import Actor
from klynge.clusters.models import Cluster, Person
from klynge.meetings import ics, polls, services, tokens
from klynge.meetings.forms import AnswerForm, PollAnswerForm
from klynge.meetings.models import DatePoll, Invitation, Meeting, PollAnswer

BAD_LINK_STATUS = {"tampered": 400, "foreign": 400, "expired": 410}


def bad_link(request, reason: str):
    return render(
        request,
        "meetings/bad_link.html",
        {"reason": reason},
        status=BAD_LINK_STATUS.get(reason, 400),
    )


def _meeting(cluster_slug: str, meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("cluster", "chair")
        .filter(cluster__slug=cluster_slug, pk=meeting_id)
        .first()
    )


@token_view
def answer(request, cluster, meeting, answer_token):
    meeting = _meeting(cluster, meeting)
    if meeting is None:
        return bad_link(request, "foreign")
    try:
        data = tokens.read(answer_token, tokens.ANSWER_SALT, meeting.pk)
    except tokens.BadLink as exc:
        return bad_link(request, exc.reason)
    invitation = (
        meeting.invitations.select_related("person")
        .filter(pk=data.get("i"), person_id=data.get("p"))
        .first()
    )
    if invitation is None:
        return bad_link(request, "foreign")
    is_open = services.answer_open(meeting)
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
    status = 200
    if request.method == "POST" and not is_open:
        status = 409
    return render(
        request,
        "meetings/answer.html",
        {
            "meeting": meeting,
            "cluster": meeting.cluster,
            "invitation": invitation,
            "form": form,
            "is_open": is_open,
            "saved": saved,
            "location": ics.location_of(meeting),
        },
        status=status,
    )


@token_view
def poll_answer(request, cluster, meeting, poll_token):
    meeting = _meeting(cluster, meeting)
    if meeting is None:
        return bad_link(request, "foreign")
    try:
        data = tokens.read(poll_token, tokens.POLL_SALT, meeting.pk)
    except tokens.BadLink as exc:
        return bad_link(request, exc.reason)
    poll = DatePoll.objects.filter(meeting=meeting).first()
    person = Person.objects.filter(pk=data.get("p")).first()
    if poll is None or person is None or not poll.people.filter(pk=person.pk).exists():
        return bad_link(request, "foreign")
    options = list(poll.options.all())
    current = dict(
        PollAnswer.objects.filter(option__poll=poll, person=person).values_list(
            "option_id", "value"
        )
    )
    form = PollAnswerForm(
        request.POST if request.method == "POST" else None, options=options, current=current
    )
    saved = False
    if request.method == "POST" and poll.is_open and form.is_valid():
        polls.answer_poll(poll, person, form.values(), by=Actor.link(f"datolink: {person.email}"))
        saved = True
    return render(
        request,
        "meetings/poll_answer.html",
        {
            "meeting": meeting,
            "cluster": meeting.cluster,
            "poll": poll,
            "person": person,
            "form": form,
            "saved": saved,
        },
        status=409 if request.method == "POST" and not poll.is_open else 200,
    )


@authenticated
def calendar_settings(request):
    """The user's secret feed address, and a button that makes a new one (the old one stops)."""
    user = request.user
    if request.method == "POST":
        new_calendar_token(user, by=user)
        messages.success(
            request, _("Dit kalenderlink er lavet. Et tidligere link virker ikke mere.")
        )
        return redirect("meetings:calendar")
    feed_url = (
        services.url("meetings:feed", feed_token=user.calendar_token)
        if user.calendar_token
        else None
    )
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed_url": feed_url,
            # The same address for calendar programs: a click subscribes (Outlook, Apple, phones).
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else None,
            "breadcrumbs": [(_("Overblik"), "/"), (_("Kalender"), None)],
        },
    )


@token_view
def feed(request, feed_token):
    from django.http import HttpResponse

    user = (
        User.objects.filter(calendar_token=feed_token, is_active=True).first()
        if len(feed_token) >= 32
        else None
    )
    if user is None:
        return bad_link(request, "tampered")
    cluster_ids = [cluster.pk for cluster, _roles in clusters_of(user)]
    since = timezone.now() - timedelta(days=365)
    meetings = (
        Meeting.objects.filter(cluster_id__in=cluster_ids, start__gte=since)
        .select_related("cluster")
        .order_by("start")
    )
    name = _("Klyngemøder")
    if len(cluster_ids) == 1:
        name = Cluster.objects.get(pk=cluster_ids[0]).name
    response = HttpResponse(
        ics.feed_ics(meetings, name), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    return response
