"""The wheel of the year, own tasks, the calendar feed, handover and directory consent."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klynge.accounts.models import User
from klynge.accounts.services import new_calendar_token
from klynge.clusters.access import (
    COORDINATE,
    MANAGE,
    STAFF_READ,
    authenticated,
    can,
    cluster_view,
    person_of,
    roles_in,
    token_view,
)
from klynge.clusters.models import Post
from klynge.lib import danish
from klynge.mail.outbox import absolute
from klynge.year import services, services_plan, wheel
from klynge.year.dates import add_months, first_of_next_month
from klynge.year.forms import HandoverForm, TaskForm
from klynge.year.lookups import year_crumbs
from klynge.year.models import Handover

MONTH_NAMES = [
    _("Januar"), _("Februar"), _("Marts"), _("April"), _("Maj"), _("Juni"), _("Juli"),
    _("August"), _("September"), _("Oktober"), _("November"), _("December"),
]  # fmt: skip


@cluster_view(STAFF_READ)
def wheel_view(request, cluster, wheel_year=None):
    today = timezone.localdate()
    year = wheel_year or today.year
    if not 2000 <= year <= today.year + 5:
        raise Http404
    items = wheel.items_for(cluster, year)
    months = [(MONTH_NAMES[m - 1], [i for i in items if i.due.month == m]) for m in range(1, 13)]
    groups = wheel.group_by_state(items, today)
    return render(
        request,
        "year/wheel.html",
        {
            "cluster": cluster,
            "year": year,
            "today": today,
            "months": months,
            "groups": [(state, wheel.STATE_LABELS[state], groups[state]) for state in wheel.State],
            "can_manage": can(request, MANAGE),
            "task_form": TaskForm(initial={"due": today + timedelta(days=14)}),
            "breadcrumbs": year_crumbs(cluster, (_("Årshjul %(year)d") % {"year": year}, None)),
        },
    )


@cluster_view(MANAGE)
def mark(request, cluster, wheel_year):
    """Tick off (or un-tick) a derived deadline that Klynge cannot see being done."""
    back = reverse("year:wheel_year", args=[cluster.slug, wheel_year])
    if request.method != "POST":
        return redirect(back)
    key = request.POST.get("key", "")[:120]
    keys = {
        i.key
        for i in wheel.build([cluster], date(wheel_year, 1, 1), date(wheel_year + 1, 1, 1))[
            cluster.pk
        ]
        if i.manual
    }
    if key not in keys:
        messages.error(request, _("Punktet findes ikke i årshjulet."))
        return redirect(back)
    done = request.POST.get("done") == "1"
    services_plan.set_wheel_mark(cluster, key, done, by=request.user)
    if done:
        messages.success(request, _("Punktet er krydset af."))
    else:
        messages.success(request, _("Afkrydsningen er fjernet."))
    return redirect(request.POST.get("next") if _safe_next(request) else back)


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@cluster_view(MANAGE)
def task_add(request, cluster):
    form = TaskForm(request.POST or None, initial={"due": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        task = services_plan.add_task(cluster, form.save(commit=False), by=request.user)
        messages.success(request, _("Opgaven er tilføjet årshjulet."))
        return redirect("year:wheel_year", cluster.slug, task.due.year)
    return render(
        request,
        "year/task.html",
        {
            "cluster": cluster,
            "form": form,
            "task": None,
            "breadcrumbs": year_crumbs(
                cluster,
                (_("Årshjul"), reverse("year:wheel", args=[cluster.slug])),
                (_("Ny opgave"), None),
            ),
        },
    )


@cluster_view(MANAGE)
def task_edit(request, cluster, year_task):
    task = get_object_or_404(cluster.year_tasks, pk=year_task)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        services_plan.change_task(form.save(commit=False), by=request.user)
        messages.success(request, _("Opgaven er gemt."))
        return redirect("year:wheel_year", cluster.slug, task.due.year)
    return render(
        request,
        "year/task.html",
        {
            "cluster": cluster,
            "form": form,
            "task": task,
            "breadcrumbs": year_crumbs(
                cluster,
                (_("Årshjul"), reverse("year:wheel", args=[cluster.slug])),
                (task.title, None),
            ),
        },
    )


def set_task_done(request, cluster, year_task, done: bool):
    task = get_object_or_404(cluster.year_tasks, pk=year_task)
    services_plan.set_task_done(task, done, by=request.user)
    messages.success(request, _("Opgaven er opdateret."))
    return redirect("year:wheel_year", cluster.slug, task.due.year)


@cluster_view(MANAGE)
@require_POST
def task_done(request, cluster, year_task):
    return set_task_done(request, cluster, year_task, done=True)


@cluster_view(MANAGE)
@require_POST
def task_undo(request, cluster, year_task):
    return set_task_done(request, cluster, year_task, done=False)


@cluster_view(MANAGE)
@require_POST
def task_delete(request, cluster, year_task):
    task = get_object_or_404(cluster.year_tasks, pk=year_task)
    services_plan.delete_task(task, by=request.user)
    messages.success(request, _("Opgaven er slettet."))
    return redirect("year:wheel_year", cluster.slug, task.due.year)


@cluster_view(STAFF_READ)
def calendar(request, cluster):
    """The address of the deadline feed for the user's calendar program."""
    if request.method == "POST":
        new_calendar_token(request.user, by=request.user)
        messages.success(
            request, _("Kalenderen har fået en ny adresse; den gamle virker ikke længere.")
        )
        return redirect("year:calendar", cluster.slug)
    # Looking writes nothing: the address is made by the button (POST), as on the meeting calendar.
    token = request.user.calendar_token
    return render(
        request,
        "year/calendar.html",
        {
            "cluster": cluster,
            "feed_url": absolute(reverse("year:feed", args=[cluster.slug, token])) if token else "",
            "breadcrumbs": year_crumbs(
                cluster,
                (_("Årshjul"), reverse("year:wheel", args=[cluster.slug])),
                (_("Frister i din kalender"), None),
            ),
        },
    )


@token_view
def feed(request, cluster, calendar_token):
    """iCalendar feed of the cluster's deadlines; the token is the user's secret calendar key."""
    from icalendar import Calendar, Event

    from klynge.clusters.models import Cluster

    if len(calendar_token) < 20:
        raise Http404
    user = User.objects.filter(calendar_token=calendar_token, is_active=True).first()
    obj = get_object_or_404(Cluster.objects.select_related("scheme"), slug=cluster)
    if user is None or not roles_in(user, obj) & STAFF_READ:
        raise Http404
    today = timezone.localdate()
    items = wheel.build([obj], today - timedelta(days=60), today + timedelta(days=400))[obj.pk]
    cal = Calendar()
    cal.add("prodid", "-//Klynge//aarshjul//DA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Frister: %(cluster)s") % {"cluster": obj.name})
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", ("✓ " if item.done else "") + item.title)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("description", f"{_('Kilde')}: {item.source}\n{absolute(item.url)}")
        event.add("url", absolute(item.url))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="frister-{obj.slug}.ics"'
    return response


@cluster_view(COORDINATE)
def handover(request, cluster):
    """The coordinator names a successor and a date; the secretariat is told by e-mail."""
    today = timezone.localdate()
    person = person_of(request.user)
    outgoing = (
        Post.objects.active(today)
        .filter(cluster=cluster, kind=Post.Kind.COORDINATOR, person=person)
        .select_related("person")
        .first()
    )
    pending = list(
        Handover.objects.filter(cluster=cluster, effective__gt=today).select_related(
            "outgoing", "successor"
        )
    )
    past = list(
        Handover.objects.filter(cluster=cluster, effective__lte=today).select_related(
            "outgoing", "successor"
        )[:10]
    )
    suggested = first_of_next_month(today + timedelta(days=1))
    form = HandoverForm(
        request.POST or None,
        cluster=cluster,
        outgoing=outgoing,
        today=today,
        initial={"effective": suggested, "term_end": add_months(suggested, 24) - timedelta(days=1)},
    )
    if request.method == "POST" and outgoing is not None and not pending and form.is_valid():
        data = form.cleaned_data
        try:
            services.hand_over(
                cluster,
                outgoing=outgoing,
                successor=data["successor"],
                effective=data["effective"],
                term_end=data["term_end"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("effective", error.messages[0])
        else:
            messages.success(
                request,
                _("%(name)s overtager som koordinator den %(date)s. Sekretariatet har fået besked.")
                % {"name": data["successor"].name, "date": danish.day(data["effective"])},
            )
            return redirect("year:handover", cluster.slug)
    months = []
    if outgoing is not None:
        months = services.coordinator_months_text(cluster, today)
    return render(
        request,
        "year/handover.html",
        {
            "cluster": cluster,
            "form": form,
            "outgoing": outgoing,
            "pending": pending,
            "past": past,
            "months": months,
            "suggested": suggested,
            "breadcrumbs": year_crumbs(cluster, (_("Overdragelse af koordinatorposten"), None)),
        },
    )


@cluster_view(COORDINATE)
@require_POST
def handover_cancel(request, cluster):
    pk = request.POST.get("handover", "")
    if not pk.isdigit():
        raise Http404
    found = get_object_or_404(Handover, cluster=cluster, pk=pk)
    try:
        services.cancel_handover(found, by=request.user)
        messages.success(request, _("Overdragelsen er fortrudt."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("year:handover", cluster.slug)


@authenticated
def consent(request):
    """Give or withdraw one of the two consents (public list, passed on on request) from the
    profile."""
    if request.method != "POST":
        return redirect("profile")
    person = person_of(request.user)
    post = (
        Post.objects.filter(
            pk=request.POST.get("post") or 0, person=person, kind=Post.Kind.COORDINATOR
        ).first()
        if person
        else None
    )
    kind = request.POST.get("kind") or "directory"
    if post is None or kind not in services.CONSENTS:
        messages.error(request, _("Posten blev ikke fundet."))
        return redirect("profile")
    given = request.POST.get("consent") == "1"
    services.set_consent(post, kind, given, by=request.user)
    messages.success(request, CONSENT_MESSAGES[kind, given])
    return redirect("profile")


CONSENT_MESSAGES = {
    ("directory", True): gettext_lazy("Dit navn og din e-mail vises nu i den offentlige oversigt."),
    ("directory", False): gettext_lazy(
        "Dit navn og din e-mail er fjernet fra den offentlige oversigt."
    ),
    ("pass_on", True): gettext_lazy(
        "Sekretariatet må nu give dit navn og din e-mail videre, når nogen spørger."
    ),
    ("pass_on", False): gettext_lazy(
        "Sekretariatet giver ikke længere dit navn og din e-mail videre."
    ),
}
